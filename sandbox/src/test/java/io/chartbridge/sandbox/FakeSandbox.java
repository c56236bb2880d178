package io.chartbridge.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A process that looks like a sandbox server of some data folder to {@code scripts/sandbox.sh} (its command line names
 * {@code chartbridge-sandbox.jar} and {@code --data-dir}) and answers {@code /fhir/metadata}, in a second instead of
 * the real server's minute: for the cases where what matters is whose server it is.
 */
final class FakeSandbox {

    private FakeSandbox() {
    }

    static Process start(int port, Path dataDir) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                FakeSandbox.class.getName(), "chartbridge-sandbox.jar", "--port", String.valueOf(port),
                "--data-dir", dataDir.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                if (probe.isConnected()) {
                    return process;
                }
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the fake sandbox did not listen on port " + port);
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[2]);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/fhir/metadata", exchange -> {
            byte[] body = "{\"resourceType\":\"CapabilityStatement\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }
}
