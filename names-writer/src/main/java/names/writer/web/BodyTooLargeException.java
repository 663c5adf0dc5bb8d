package names.writer.web;

import java.io.IOException;

/** Thrown from the request stream once a body passes the limit; the JSON reader wraps it, we find it. */
public class BodyTooLargeException extends IOException {

    private final long limit;

    BodyTooLargeException(long limit) {
        super("request body exceeds " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
