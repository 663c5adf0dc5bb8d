package names.e2e.memcached;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Just enough of memcached's text protocol to see what the services stored: {@code get} and {@code stats}
 * on ONE node.
 *
 * <p>Deliberately not xmemcached: a checker that hashed keys with the same client as the services would
 * only look where the services look, and would miss a stale entry left on the "wrong" node (e.g. after a
 * ring change). Callers read every node instead ({@link MemcachedNodes}).
 */
public final class MemcachedTextClient implements Closeable {

    private static final int MAX_KEY_BYTES = 250;

    private final String host;
    private final int port;
    private final int timeoutMillis;
    private Socket socket;
    private BufferedInputStream in;
    private OutputStream out;

    public MemcachedTextClient(String address, Duration timeout) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("memcached address must be host:port, got " + address);
        }
        this.host = address.substring(0, colon);
        this.port = Integer.parseInt(address.substring(colon + 1));
        this.timeoutMillis = Math.toIntExact(timeout.toMillis());
    }

    public String address() {
        return host + ":" + port;
    }

    /** The raw value under {@code key}, or empty when the node holds none. */
    public synchronized Optional<String> get(String key) throws IOException {
        requireValidKey(key);
        return call(() -> {
            send("get " + key);
            String line = readLine();
            if (line.equals("END")) {
                return Optional.<String>empty();
            }
            // VALUE <key> <flags> <bytes> [<cas>]
            String[] header = line.split(" ");
            if (header.length < 4 || !header[0].equals("VALUE") || !header[1].equals(key)) {
                throw new IOException("unexpected reply to get: " + line);
            }
            int length = Integer.parseInt(header[3]);
            byte[] data = in.readNBytes(length);
            if (data.length != length) {
                throw new EOFException("value cut short");
            }
            expectLine("");
            expectLine("END");
            return Optional.of(new String(data, StandardCharsets.UTF_8));
        });
    }

    /** The node's {@code stats} (e.g. cmd_get, get_hits, curr_items). */
    public synchronized Map<String, String> stats() throws IOException {
        return call(() -> {
            send("stats");
            Map<String, String> stats = new LinkedHashMap<>();
            for (String line = readLine(); !line.equals("END"); line = readLine()) {
                String[] parts = line.split(" ", 3);
                if (parts.length != 3 || !parts[0].equals("STAT")) {
                    throw new IOException("unexpected reply to stats: " + line);
                }
                stats.put(parts[1], parts[2]);
            }
            return stats;
        });
    }

    @Override
    public synchronized void close() {
        disconnect();
    }

    private interface Exchange<T> {
        T run() throws IOException;
    }

    // A failed exchange leaves the stream at an unknown position: drop the connection, reconnect next time.
    private <T> T call(Exchange<T> exchange) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            return exchange.run();
        } catch (IOException | RuntimeException e) {
            disconnect();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    private void connect() throws IOException {
        Socket candidate = new Socket();
        try {
            candidate.connect(new InetSocketAddress(host, port), timeoutMillis);
            candidate.setSoTimeout(timeoutMillis);
            candidate.setTcpNoDelay(true);
            in = new BufferedInputStream(candidate.getInputStream());
            out = candidate.getOutputStream();
            socket = candidate;
        } catch (IOException e) {
            candidate.close();
            throw e;
        }
    }

    private void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection: nothing left to do
            }
        }
        socket = null;
        in = null;
        out = null;
    }

    private void send(String command) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed by " + address());
            }
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(b);
            previous = b;
        }
    }

    private void expectLine(String expected) throws IOException {
        String line = readLine();
        if (!line.equals(expected)) {
            throw new IOException("expected '" + expected + "' but got '" + line + "'");
        }
    }

    private static void requireValidKey(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("memcached keys are 1-250 bytes");
        }
        for (byte b : bytes) {
            if (b <= ' ' || b == 127) {
                throw new IllegalArgumentException("memcached keys cannot contain spaces or control characters");
            }
        }
    }
}
