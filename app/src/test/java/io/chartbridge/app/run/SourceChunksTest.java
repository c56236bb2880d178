package io.chartbridge.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.chartbridge.core.identity.ContentHash;
import io.chartbridge.core.source.FlatRecord;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceLocation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SourceChunksTest {

    private static List<SourceEntry> rows(int n) {
        return IntStream.rangeClosed(1, n).<SourceEntry>mapToObj(i -> new FlatRecord("src",
                SourceLocation.ofLine("a.csv", i), ContentHash.of("r" + i), Map.of())).toList();
    }

    private static List<List<Long>> lines(Iterator<List<SourceEntry>> chunks) {
        List<List<Long>> out = new ArrayList<>();
        chunks.forEachRemaining(c -> out.add(c.stream().map(e -> e.location().position()).toList()));
        return out;
    }

    @Test
    void aFastSourceComesInFullChunksAndTheRestInALastOne() {
        List<List<Long>> chunks = lines(new SourceChunks(rows(250).iterator(), 100, 60_000));

        assertThat(chunks).extracting(List::size).containsExactly(100, 100, 50);
        assertThat(chunks.stream().flatMap(List::stream).toList())
                .isEqualTo(linesFromTo(1, 250));
    }

    @Test
    void aSlowSourcePassesEachEntryOnWithoutWaitingForAFullChunk() {
        Iterator<SourceEntry> slow = new Iterator<>() {
            private final Iterator<SourceEntry> rows = rows(3).iterator();

            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public SourceEntry next() {
                try {
                    Thread.sleep(30); // a scanned page takes seconds; 30 ms against a 10 ms chunk time here
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return rows.next();
            }
        };

        assertThat(lines(new SourceChunks(slow, 100, 10))).containsExactly(List.of(1L), List.of(2L), List.of(3L));
    }

    @Test
    void anEmptySourceHasNoChunks() {
        assertThat(new SourceChunks(List.<SourceEntry>of().iterator(), 100, 200).hasNext()).isFalse();
    }

    private static List<Long> linesFromTo(long from, long to) {
        return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
    }
}
