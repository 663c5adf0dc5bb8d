package names.tools.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeepAliveHttpClientTest {

    private HttpServer server;
    private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();
    private final List<String> received = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void sendsMethodPathHeadersAndBodyAndReusesOneConnection() throws IOException {
        start(exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("X-API-Key") + " " + new String(body, StandardCharsets.UTF_8));
            byte[] reply = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        try (KeepAliveHttpClient client = client()) {
            for (int i = 0; i < 3; i++) {
                int status = client.send("PATCH", "/names/nm000000" + i, Map.of("X-API-Key", "k"),
                        ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                assertThat(status).isEqualTo(200);
            }
        }
        assertThat(received).containsExactly("PATCH /names/nm0000000 k {\"n\":0}", "PATCH /names/nm0000001 k {\"n\":1}",
                "PATCH /names/nm0000002 k {\"n\":2}");
        assertThat(clientPorts).hasSize(3).containsOnly(clientPorts.getFirst());
    }

    @Test
    void readsChunkedAndEmptyBodiesToTheEndAndKeepsTheConnection() throws IOException {
        start(exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestURI().getPath().equals("/chunked")) {
                exchange.sendResponseHeaders(201, 0); // length 0: chunked
                OutputStream out = exchange.getResponseBody();
                out.write("first part ".getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.write("second part".getBytes(StandardCharsets.UTF_8));
            } else {
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        try (KeepAliveHttpClient client = client()) {
            assertThat(client.send("PUT", "/chunked", Map.of(), new byte[0])).isEqualTo(201);
            assertThat(client.send("DELETE", "/empty", Map.of(), new byte[0])).isEqualTo(204);
            assertThat(client.send("PUT", "/chunked", Map.of(), new byte[0])).isEqualTo(201);
        }
        assertThat(clientPorts).hasSize(3).containsOnly(clientPorts.getFirst());
    }

    @Test
    void opensANewConnectionAfterTheServerAnsweredConnectionClose() throws IOException {
        start(exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Connection", "close");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        try (KeepAliveHttpClient client = client()) {
            assertThat(client.send("PATCH", "/a", Map.of(), new byte[0])).isEqualTo(200);
            assertThat(client.send("PATCH", "/b", Map.of(), new byte[0])).isEqualTo(200);
        }
        assertThat(clientPorts).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void replacesAPooledConnectionThatTheServerClosedWhileIdle() throws Exception {
        // Answers one request per connection with keep-alive framing, then closes it without saying so:
        // what a server's idle timeout does to a pooled connection.
        CountDownLatch firstConnectionClosed = new CountDownLatch(1);
        try (ServerSocket oneShot = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread serving = Thread.ofVirtual().start(() -> {
                while (!oneShot.isClosed()) {
                    try (Socket socket = oneShot.accept()) {
                        clientPorts.add(socket.getPort());
                        BufferedReader in = new BufferedReader(
                                new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
                        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                            if (line.startsWith("PATCH")) {
                                received.add(line);
                            }
                        }
                        socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"
                                .getBytes(StandardCharsets.ISO_8859_1));
                    } catch (IOException e) {
                        return;
                    }
                    firstConnectionClosed.countDown();
                }
            });
            URI base = URI.create("http://127.0.0.1:" + oneShot.getLocalPort());
            try (KeepAliveHttpClient client = KeepAliveHttpClient.to(base, Duration.ofSeconds(2))) {
                assertThat(client.send("PATCH", "/first", Map.of(), new byte[0])).isEqualTo(200);
                // The pooled connection is dead before the second request: the server has closed it.
                assertThat(firstConnectionClosed.await(2, TimeUnit.SECONDS)).isTrue();
                assertThat(client.send("PATCH", "/second", Map.of(), new byte[0])).isEqualTo(200);
            }
            oneShot.close();
            serving.join(2000);
        }
        assertThat(received).containsExactly("PATCH /first HTTP/1.1", "PATCH /second HTTP/1.1");
        assertThat(clientPorts).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void timesOutWhenTheServerDoesNotAnswer() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                KeepAliveHttpClient client = KeepAliveHttpClient.to(
                        URI.create("http://127.0.0.1:" + silent.getLocalPort()), Duration.ofMillis(200))) {
            assertThatThrownBy(() -> client.send("PATCH", "/x", Map.of(), new byte[0]))
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void refusesAnythingButPlainHttp() {
        assertThatThrownBy(() -> KeepAliveHttpClient.to(URI.create("https://localhost:8443"), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void start(com.sun.net.httpserver.HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            handler.handle(exchange);
        });
        server.start();
    }

    private KeepAliveHttpClient client() {
        return KeepAliveHttpClient.to(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Duration.ofSeconds(2));
    }
}
