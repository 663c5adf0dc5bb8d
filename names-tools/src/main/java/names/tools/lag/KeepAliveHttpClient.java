package names.tools.lag;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A blocking HTTP/1.1 client over pooled keep-alive sockets: the load generator's write path.
 *
 * <p>Not the JDK's {@code HttpClient}: in a JFR profile of the lag tool at 500 writes/s it took 70 % of the
 * tool's CPU (selector thread, futures, timers per request), and the tool shares the two cores with the
 * stack it measures, so every CPU-microsecond it spends shows up as the system's queueing. Here a request
 * is one socket write and buffered reads on the calling (virtual) thread. It handles what an HTTP/1.1
 * server may answer: Content-Length, chunked or close-delimited bodies (read and discarded), {@code
 * Connection: close}, and a pooled connection the server closed while it was idle (replaced once).
 */
public final class KeepAliveHttpClient implements AutoCloseable {

    private static final int MAX_LINE = 64 * 1024;

    private final InetSocketAddress address;
    private final String hostHeader;
    private final int timeoutMillis;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    private KeepAliveHttpClient(InetSocketAddress address, String hostHeader, Duration timeout) {
        this.address = address;
        this.hostHeader = hostHeader;
        this.timeoutMillis = Math.toIntExact(timeout.toMillis());
    }

    /** @param base an {@code http://host[:port]} URI; its path is ignored */
    public static KeepAliveHttpClient to(URI base, Duration timeout) {
        if (!"http".equalsIgnoreCase(base.getScheme()) || base.getHost() == null) {
            throw new IllegalArgumentException("need an http://host[:port] URI, got " + base);
        }
        int port = base.getPort() == -1 ? 80 : base.getPort();
        String host = base.getPort() == -1 ? base.getHost() : base.getHost() + ":" + port;
        return new KeepAliveHttpClient(InetSocketAddress.createUnresolved(base.getHost(), port), host, timeout);
    }

    /**
     * Sends one request and reads the whole response.
     *
     * @param path    absolute path (and query), already encoded
     * @param headers extra request headers (Host and Content-Length are set here)
     * @return the response's status code
     * @throws IOException on connection failure, timeout (the whole timeout per read) or a malformed response
     */
    public int send(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
        if (closed) {
            throw new IOException("client closed");
        }
        byte[] request = encode(method, path, headers, body);
        Connection pooled = idle.pollFirst();
        if (pooled != null) {
            try {
                return exchange(pooled, request);
            } catch (StaleConnectionException e) {
                // The server closed it while it sat in the pool (keep-alive timeout): it never saw this
                // request, so sending it again on a new connection cannot apply it twice.
            }
        }
        return exchange(new Connection(open()), request);
    }

    @Override
    public void close() {
        closed = true;
        for (Connection connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
            connection.close();
        }
    }

    private Socket open() throws IOException {
        Socket socket = new Socket();
        try {
            InetSocketAddress resolved = new InetSocketAddress(address.getHostString(), address.getPort());
            socket.connect(resolved, timeoutMillis);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(timeoutMillis);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private int exchange(Connection connection, byte[] request) throws IOException {
        boolean keep = false;
        try {
            Response response = connection.exchange(request);
            keep = response.keepAlive() && !closed;
            return response.status();
        } finally {
            if (keep) {
                idle.offerFirst(connection);
            } else {
                connection.close();
            }
        }
    }

    private byte[] encode(String method, String path, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(128 + 64 * headers.size());
        head.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    private record Response(int status, boolean keepAlive) {
    }

    /** A pooled connection failed before any byte of the response: the server had closed it. */
    private static final class StaleConnectionException extends IOException {
        StaleConnectionException(IOException cause) {
            super("pooled connection closed by the server", cause);
        }
    }

    private static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private int requests;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 8192);
            this.out = socket.getOutputStream();
        }

        Response exchange(byte[] request) throws IOException {
            boolean reused = requests++ > 0;
            int first;
            try {
                out.write(request);
                first = in.read();
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                throw reused ? new StaleConnectionException(e) : e;
            }
            if (first == -1) {
                EOFException eof = new EOFException("connection closed before a response");
                throw reused ? new StaleConnectionException(eof) : eof;
            }
            String statusLine = (char) first + readLine();
            if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x status line: " + statusLine);
            }
            int status;
            try {
                status = Integer.parseInt(statusLine, 9, 12, 10);
            } catch (NumberFormatException e) {
                throw new IOException("bad status line: " + statusLine, e);
            }
            boolean keepAlive = statusLine.startsWith("HTTP/1.1");
            long contentLength = -1;
            boolean chunked = false;
            for (String line = readLine(); !line.isEmpty(); line = readLine()) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("bad header line: " + line);
                }
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "content-length" -> contentLength = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.endsWith("chunked");
                    case "connection" -> keepAlive = keepAlive ? !value.contains("close") : value.contains("keep-alive");
                    default -> {
                    }
                }
            }
            if (chunked) {
                skipChunkedBody();
            } else if (contentLength >= 0) {
                in.skipNBytes(contentLength);
            } else if (status != 204 && status != 304 && status >= 200) {
                // Delimited by the end of the connection.
                in.transferTo(OutputStream.nullOutputStream());
                keepAlive = false;
            }
            return new Response(status, keepAlive);
        }

        private void skipChunkedBody() throws IOException {
            while (true) {
                String sizeLine = readLine();
                int extension = sizeLine.indexOf(';');
                long size;
                try {
                    size = Long.parseLong((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("bad chunk size line: " + sizeLine, e);
                }
                if (size == 0) {
                    while (!readLine().isEmpty()) {
                        // trailer fields: ignored
                    }
                    return;
                }
                in.skipNBytes(size);
                if (!readLine().isEmpty()) {
                    throw new IOException("chunk not followed by CRLF");
                }
            }
        }

        /** One CRLF- (or LF-) terminated line, without the terminator; ISO-8859-1 as HTTP/1.1's framing is. */
        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder(64);
            while (true) {
                int b = in.read();
                if (b == -1) {
                    throw new EOFException("connection closed inside the response");
                }
                if (b == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    return line.toString();
                }
                if (line.length() == MAX_LINE) {
                    throw new IOException("response line longer than " + MAX_LINE + " bytes");
                }
                line.append((char) b);
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }
}
