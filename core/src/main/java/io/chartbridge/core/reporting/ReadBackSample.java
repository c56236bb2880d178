package io.chartbridge.core.reporting;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.ledger.LedgerException;
import io.chartbridge.core.ledger.RunInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * Proves on a random sample that what the ledger says was loaded is what the target holds. The ledger keeps
 * content hashes, not content (no record values in the ledger), so each sampled resource is read back from the
 * target, its {@code meta} dropped and its id set to the deterministic one (a server in conditional mode chooses its
 * own), and its canonical hash compared with the hash the ledger remembers the target holds. The sample is seeded
 * by the run id, so the same report shows the same sample.
 *
 * <p>Fill rates come from the same sample: per type, the share of read-back resources with a value in each
 * top-level field. The ledger alone cannot give them, since it holds no content.
 */
public final class ReadBackSample {

    public static final int DEFAULT_SIZE = 20;

    private final Ledger ledger;

    public ReadBackSample(Ledger ledger) {
        this.ledger = ledger;
    }

    /** Up to {@code size} resources the run loaded that the target still holds, chosen at random (seeded). */
    public List<LoadedResource> choose(long runId, int size) {
        RunInfo run = ledger.run(runId).orElseThrow(() -> new LedgerException("No run " + runId + " in the ledger",
                null));
        List<LoadedResource> loaded = ledger.query("select distinct r.resource_type, r.resource_id, t.target_id,"
                        + " t.content_hash from run_resource r join target_resource t on t.target_key = ?"
                        + " and t.resource_type = r.resource_type and t.resource_id = r.resource_id"
                        + " where r.run_id = ? and r.outcome in ('CREATED','UPDATED','UNCHANGED')"
                        + " order by r.resource_type, r.resource_id",
                rs -> new LoadedResource(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                run.targetKey(), runId);
        List<LoadedResource> shuffled = new ArrayList<>(loaded);
        Collections.shuffle(shuffled, new Random(runId));
        return shuffled.subList(0, Math.min(size, shuffled.size()));
    }

    public Result check(long runId, int size, ResourceReader reader) {
        List<ReadBackCheck> checks = new ArrayList<>();
        Map<String, Map<String, long[]>> fill = new TreeMap<>();
        Map<String, Long> readByType = new TreeMap<>();
        for (LoadedResource r : choose(runId, size)) {
            Optional<ObjectNode> read;
            try {
                read = reader.read(r);
            } catch (Exception e) {
                checks.add(new ReadBackCheck(r, ReadBackCheck.Verdict.UNREADABLE, e.getClass().getSimpleName()));
                continue;
            }
            if (read.isEmpty()) {
                checks.add(new ReadBackCheck(r, ReadBackCheck.Verdict.MISSING, "the target does not hold it"));
                continue;
            }
            ObjectNode json = read.get().deepCopy();
            json.put("id", r.resourceId());
            boolean same = CanonicalResourceHash.of(json).equals(r.contentHash());
            checks.add(new ReadBackCheck(r, same ? ReadBackCheck.Verdict.SAME : ReadBackCheck.Verdict.DIFFERENT,
                    same ? "same content as sent" : "content differs from what was sent"));
            readByType.merge(r.resourceType(), 1L, Long::sum);
            Map<String, long[]> fields = fill.computeIfAbsent(r.resourceType(), t -> new TreeMap<>());
            json.fieldNames().forEachRemaining(f -> {
                if (!List.of("resourceType", "id", "meta", "text").contains(f) && !json.get(f).isNull()
                        && !(json.get(f).isContainerNode() && json.get(f).isEmpty())) {
                    fields.computeIfAbsent(f, x -> new long[1])[0]++;
                }
            });
        }
        List<FillRate> rates = new ArrayList<>();
        fill.forEach((type, fields) -> fields.forEach((field, n) ->
                rates.add(new FillRate(type, field, n[0], readByType.get(type)))));
        return new Result(checks, rates);
    }

    /** The sample's checks and the fill rates observed in it. */
    public record Result(List<ReadBackCheck> checks, List<FillRate> fillRates) {

        public long count(ReadBackCheck.Verdict verdict) {
            return checks.stream().filter(c -> c.verdict() == verdict).count();
        }

        public boolean allSame() {
            return count(ReadBackCheck.Verdict.SAME) == checks.size();
        }
    }
}
