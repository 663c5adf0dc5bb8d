package names.contract.event;

/** A record on the change topic that is not a change event this code understands: a poison record. */
public class MalformedChangeEventException extends RuntimeException {

    public MalformedChangeEventException(String reason) {
        super(reason);
    }

    public MalformedChangeEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
