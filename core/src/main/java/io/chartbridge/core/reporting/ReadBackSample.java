package io.chartbridge.core.reporting;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.ledger.LedgerException;
import io.chartbridge.core.ledger.RunInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Proves on a random sample that what the ledger says was loaded is what the target holds. The ledger keeps
 * content hashes, not content (no record values in the ledger), so each sampled resource is read back from the
 * target, its {@code meta} dropped and its id set to the deterministic one (a server in conditional mode chooses its
 * own), and its canonical hash compared with the hash the ledger remembers the target holds. The sample is seeded
 * by the run id, so the same report shows the same sample.
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
        return check(runId, size, reader, SentContent.NONE);
    }

    /**
     * Reads the sample back and compares; where {@code sent} can rebuild what was sent, a resource whose hash
     * differs is compared field by field and the check names the differing paths (never their values).
     */
    public Result check(long runId, int size, ResourceReader reader, SentContent sent) {
        List<LoadedResource> chosen = choose(runId, size);
        List<ReadBackCheck> checks = new ArrayList<>();
        Map<LoadedResource, ObjectNode> readBack = new LinkedHashMap<>();
        for (LoadedResource r : chosen) {
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
            if (CanonicalResourceHash.of(json).equals(r.contentHash())) {
                checks.add(new ReadBackCheck(r, ReadBackCheck.Verdict.SAME, "same content as sent"));
            } else {
                readBack.put(r, json);
                checks.add(null);
            }
        }
        Map<LoadedResource, SentContent.Sent> rebuilt = readBack.isEmpty() ? Map.of()
                : sent.rebuild(runId, List.copyOf(readBack.keySet()));
        List<ReadBackCheck> out = new ArrayList<>();
        java.util.Iterator<Map.Entry<LoadedResource, ObjectNode>> different = readBack.entrySet().iterator();
        for (ReadBackCheck c : checks) {
            if (c != null) {
                out.add(c);
                continue;
            }
            Map.Entry<LoadedResource, ObjectNode> e = different.next();
            SentContent.Sent s = rebuilt.get(e.getKey());
            if (s == null || s.json() == null) {
                out.add(new ReadBackCheck(e.getKey(), ReadBackCheck.Verdict.DIFFERENT,
                        "content differs from what was sent; " + (s == null ? "the sent content cannot be rebuilt"
                                : s.why()), List.of()));
                continue;
            }
            List<String> paths = ResourceDiff.differingPaths(s.json(), e.getValue());
            // The rebuilt content is what went over the wire (references with the target's own ids under
            // conditional create), so no differing path means the target holds exactly what it was sent.
            out.add(paths.isEmpty()
                    ? new ReadBackCheck(e.getKey(), ReadBackCheck.Verdict.SAME,
                            "same content as sent (references carry the target's ids)")
                    : new ReadBackCheck(e.getKey(), ReadBackCheck.Verdict.DIFFERENT,
                            "differs at " + String.join(", ", paths), paths));
        }
        Result result = new Result(out);
        record(runId, result);
        return result;
    }

    /** Keeps the verdicts (counts only, no content) so the project's sign-off can show the latest check. */
    private void record(long runId, Result r) {
        ledger.insert("insert into read_back_result (run_id, checked_at, sampled, same, different, missing, unreadable)"
                        + " values (?,?,?,?,?,?,?)", runId, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC),
                r.checks().size(), (int) r.count(ReadBackCheck.Verdict.SAME),
                (int) r.count(ReadBackCheck.Verdict.DIFFERENT), (int) r.count(ReadBackCheck.Verdict.MISSING),
                (int) r.count(ReadBackCheck.Verdict.UNREADABLE));
    }

    /** The sample's checks. */
    public record Result(List<ReadBackCheck> checks) {

        public long count(ReadBackCheck.Verdict verdict) {
            return checks.stream().filter(c -> c.verdict() == verdict).count();
        }

        public boolean allSame() {
            return count(ReadBackCheck.Verdict.SAME) == checks.size();
        }
    }
}
