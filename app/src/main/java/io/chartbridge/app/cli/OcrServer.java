package io.chartbridge.app.cli;

import io.chartbridge.core.FatalSetupException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code chartbridge ocr --serve}: keeps one OCR engine (language models loaded, code compiled) for the
 * {@code ./chartbridge ocr} calls that follow, so that reading one page costs about what the page costs, not a JVM
 * start. Listens on 127.0.0.1 (a free port) and writes the port, a random token and its pid to
 * {@code .chartbridge/ocr-server} (readable by its owner only); the launcher sends the token with each call, so other
 * local users cannot have files read under this user's name. The server stops when the application jar it came from
 * is rebuilt (it would run old code) and removes the file when it stops.
 *
 * <p>Protocol, one line each (UTF-8): the client sends {@code CHARTBRIDGE-OCR 1}, the token, its working directory,
 * the number of arguments and the arguments; the server answers {@code ok} or {@code refused <reason>}, then the
 * command's output as {@code o <line>} (stdout) and {@code e <line>} (stderr), and {@code x <exit code>} last.
 */
final class OcrServer implements AutoCloseable {

    static final String GREETING = "CHARTBRIDGE-OCR 1";
    /** Arguments per call; far more than any shell passes in one line of files. */
    private static final int MAX_ARGS = 100_000;
    private static final int REQUEST_TIMEOUT_MS = 10_000;

    /** Runs one {@code ocr} call: its arguments (relative paths against {@code cwd}) and where its output goes. */
    interface Handler {
        int run(List<String> args, Path cwd, PrintStream out, PrintStream err);
    }

    private final ServerSocket socket;
    private final String token;
    private final Path infoFile;
    private final Path jar;
    private final FileTime jarStamp;
    private final Handler handler;
    private final ExecutorService calls;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile String stopReason;

    private OcrServer(ServerSocket socket, String token, Path infoFile, Path jar, Handler handler) throws IOException {
        this.socket = socket;
        this.token = token;
        this.infoFile = infoFile;
        this.jar = jar;
        this.jarStamp = jar != null && Files.isRegularFile(jar) ? Files.getLastModifiedTime(jar) : null;
        this.handler = handler;
        AtomicInteger n = new AtomicInteger();
        this.calls = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "ocr-call-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The file through which the launcher finds the server of a ChartBridge home. */
    static Path infoFile(Path home) {
        return home.resolve(".chartbridge").resolve("ocr-server");
    }

    /**
     * Binds a free port on 127.0.0.1 and publishes it; {@code jar} is the application jar whose rebuild stops the
     * server (null: never).
     *
     * @throws FatalSetupException when a server for this home is already running
     */
    static OcrServer start(Path home, Path jar, Handler handler) throws IOException {
        Path info = infoFile(home);
        String running = runningServer(info);
        if (running != null) {
            throw new FatalSetupException("an OCR server is already running for " + home + " (" + running
                    + "); stop it first (Ctrl-C where it runs)");
        }
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        OcrServer server = new OcrServer(socket, HexFormat.of().formatHex(secret), info, jar, handler);
        server.publish();
        return server;
    }

    int port() {
        return socket.getLocalPort();
    }

    String token() {
        return token;
    }

    /** Serves calls until {@link #close()} or until the jar is rebuilt; returns why it stopped. */
    String serve() {
        Thread acceptor = new Thread(this::acceptLoop, "ocr-server");
        acceptor.setDaemon(true);
        acceptor.start();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return stopReason;
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                calls.execute(() -> answer(client));
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    stop("the server socket failed: " + e.getMessage());
                }
            }
        }
    }

    private void answer(Socket client) {
        try (client) {
            client.setSoTimeout(REQUEST_TIMEOUT_MS);
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.UTF_8));
            Writer out = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.UTF_8);
            if (!GREETING.equals(in.readLine())) {
                return; // not our launcher: say nothing
            }
            String presented = in.readLine();
            if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                    token.getBytes(StandardCharsets.UTF_8))) {
                send(out, "refused wrong token");
                return;
            }
            Path cwd = Path.of(in.readLine());
            int n = Integer.parseInt(in.readLine().strip());
            if (n < 0 || n > MAX_ARGS) {
                send(out, "refused too many arguments");
                return;
            }
            List<String> args = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String arg = in.readLine();
                if (arg == null) {
                    return;
                }
                args.add(arg);
            }
            // Checked once the whole request is read, so the client is not cut off mid-write and sees the reason.
            if (jarRebuilt()) {
                send(out, "refused the OCR server runs an older build of ChartBridge; it stops now (start it again:"
                        + " ./chartbridge ocr --serve)");
                stop("the application jar was rebuilt; this server would run old code");
                return;
            }
            client.setSoTimeout(0);
            send(out, "ok");
            int code;
            try (PrintStream o = framed(out, "o "); PrintStream e = framed(out, "e ")) {
                code = handler.run(args, cwd, o, e);
            }
            send(out, "x " + code);
        } catch (IOException | RuntimeException e) {
            // The client went away or sent garbage: that call ends, the server goes on.
        }
    }

    private static PrintStream framed(Writer out, String prefix) {
        return new PrintStream(new LineStream(line -> {
            try {
                send(out, prefix + line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }), true, StandardCharsets.UTF_8);
    }

    private static void send(Writer out, String line) throws IOException {
        synchronized (out) {
            out.write(line);
            out.write('\n');
            out.flush();
        }
    }

    private boolean jarRebuilt() {
        try {
            return jarStamp != null && (!Files.isRegularFile(jar) || !Files.getLastModifiedTime(jar).equals(jarStamp));
        } catch (IOException e) {
            return true;
        }
    }

    private void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
        close();
    }

    /** Stops accepting calls and removes the published file (if it is still this server's). */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        calls.shutdown();
        try {
            List<String> lines = Files.isRegularFile(infoFile) ? Files.readAllLines(infoFile) : List.of();
            if (lines.size() >= 2 && lines.get(1).equals(token)) {
                Files.deleteIfExists(infoFile);
            }
        } catch (IOException e) {
            // a stale file is found stale by the next client or server
        }
        stopped.countDown();
    }

    /** Waits for calls in progress (after close), so their clients get their last lines. */
    void awaitCalls(long seconds) throws InterruptedException {
        calls.awaitTermination(seconds, TimeUnit.SECONDS);
    }

    /** Port, token and pid, written owner-only and moved into place whole so a client never reads half of it. */
    private void publish() throws IOException {
        Files.createDirectories(infoFile.getParent());
        Path tmp = infoFile.resolveSibling(infoFile.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, port() + "\n" + token + "\n" + ProcessHandle.current().pid() + "\n");
        try {
            Files.move(tmp, infoFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, infoFile, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** "pid N, port P" of a live server published in the file, or null when there is none (or it is stale). */
    private static String runningServer(Path info) {
        try {
            List<String> lines = Files.isRegularFile(info) ? Files.readAllLines(info) : List.of();
            if (lines.size() < 3) {
                return null;
            }
            int port = Integer.parseInt(lines.get(0).strip());
            long pid = Long.parseLong(lines.get(2).strip());
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                try (Socket probe = new Socket()) {
                    probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                    return "pid " + pid + ", port " + port;
                } catch (SocketException e) {
                    return null;
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
