package io.chartbridge.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chartbridge.app.ChartBridge;
import io.chartbridge.app.PipelineApplication;
import io.chartbridge.app.cli.ConsoleCommand;
import io.chartbridge.app.run.TestProjects;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * After a run, with the console serving its ledger beside it (the ledger's AUTO_SERVER port open for a second
 * process), nothing of this process listens on an address other people's machines can reach.
 */
class ListensOnLoopbackOnlyTest {

    @TempDir
    Path dir;

    /** A socket this process listens on, as /proc shows it. */
    record Listening(InetAddress address, int port) {
    }

    @Test
    void afterARunAndWithTheConsoleUpEverySocketWeListenOnIsOnLoopback() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/net/tcp")), "needs Linux /proc");
        Path project = TestProjects.write(dir, TestProjects.FIVE_ROWS, "kind: ndjson");
        StringWriter out = new StringWriter();
        assertThat(ChartBridge.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "run",
                project.toString())).as("%s", out).isZero();

        try (ConfigurableApplicationContext console = PipelineApplication.start(
                ConsoleCommand.properties(project, 0, true))) {
            int consolePort = Integer.parseInt(console.getEnvironment().getProperty("local.server.port"));
            Properties lock = new Properties();
            try (var in = Files.newInputStream(dir.resolve(".chartbridge/ledger.lock.db"))) {
                lock.load(in);
            }
            int ledgerPort = Integer.parseInt(lock.getProperty("server").replaceAll(".*:", ""));

            List<Listening> ours = listening();

            assertThat(ours).extracting(Listening::port).contains(consolePort, ledgerPort);
            assertThat(ours).allSatisfy(l -> assertThat(l.address().isLoopbackAddress())
                    .as("port %d listens on %s", l.port(), l.address()).isTrue());
        }
    }

    /** Every TCP socket in LISTEN state that belongs to this process (its file descriptors' socket inodes). */
    private static List<Listening> listening() throws Exception {
        Set<String> inodes = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (java.io.IOException gone) {
                    // closed while listing
                }
            }
        }
        List<Listening> out = new ArrayList<>();
        for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A") && inodes.contains(f[9])) {
                    String[] local = f[1].split(":");
                    out.add(new Listening(InetAddress.getByAddress(littleEndianWords(local[0])),
                            Integer.parseInt(local[1], 16)));
                }
            }
        }
        return out;
    }

    /** /proc writes addresses as 32-bit words in host (little-endian) order. */
    private static byte[] littleEndianWords(String hex) {
        byte[] raw = HexFormat.of().parseHex(hex);
        byte[] address = new byte[raw.length];
        for (int w = 0; w < raw.length; w += 4) {
            for (int i = 0; i < 4; i++) {
                address[w + i] = raw[w + 3 - i];
            }
        }
        return address;
    }
}
