package io.chartbridge.core.ledger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ledger's record of files taken from pulled locations (table {@code pulled_file}): which file was taken when,
 * with which content, and which were skipped because the same content had been taken before. A file counts as taken
 * by its content hash, not its name, so a file renamed or uploaded again is not read twice, while a file of the same
 * name with new content is a new item.
 */
public final class PulledFiles {

    /** What became of a file seen on a pulled location. */
    public enum Outcome {
        /** Copied and handed to the connector; not every entry recorded yet. */
        TAKEN,
        /** Every entry of the file is recorded in the ledger. */
        READ,
        /** The same content was taken before (in this run, or read completely in an earlier run): not read again. */
        DUPLICATE,
        /** The file changed while it was being copied: the copy was thrown away, the file is taken again later. */
        CHANGED,
        /** The file could not be read (its connector refused it, or its staged copy changed): a reason says why. */
        QUARANTINED
    }

    /** One row of {@code pulled_file}. */
    public record PulledFile(long id, long runId, String sourceName, String origin, long sizeBytes, String contentHash,
                             Outcome outcome, Long fileItemId, Long sameAsId, String reason, OffsetDateTime at) { }

    /** A file taken before with the same content, and the run that took it. */
    public record Taken(long id, String origin, long runId) { }

    private final Ledger ledger;

    public PulledFiles(Ledger ledger) {
        this.ledger = ledger;
    }

    /** Records what became of a file; returns its row id. */
    public long record(long runId, String sourceName, String origin, long sizeBytes, String contentHash,
                       Outcome outcome, Long fileItemId, Long sameAsId, String reason) {
        return ledger.insert("insert into pulled_file (run_id, source_name, origin, size_bytes, content_hash, outcome,"
                        + " file_item_id, same_as_id, reason, at) values (?,?,?,?,?,?,?,?,?,?)", runId, sourceName,
                origin, sizeBytes, contentHash, outcome.name(), fileItemId, sameAsId, truncate(reason), now());
    }

    /** Marks a taken file as read to its end: every entry of it is in the ledger. */
    public void markRead(long id) {
        ledger.update("update pulled_file set outcome = ?, at = ? where id = ? and outcome = ?", Outcome.READ.name(),
                now(), id, Outcome.TAKEN.name());
    }

    /**
     * The file with this content the project's source already took, if any: one taken in this run (read or being
     * read), or one read completely in an earlier run none of whose records is still unsettled or FAILED. A file
     * whose records an interrupted or failed run left behind is therefore read again, as a re-run of a local source
     * would read it: deterministic ids make that safe.
     */
    public Optional<Taken> taken(String projectFile, String sourceName, String contentHash, long runId) {
        List<String> open = new ArrayList<>();
        ItemState.unsettled().forEach(s -> open.add(s.name()));
        open.add(ItemState.FAILED.name());
        List<Object> args = new ArrayList<>(List.of(sourceName, contentHash, projectFile, runId,
                Outcome.TAKEN.name(), Outcome.READ.name(), Outcome.QUARANTINED.name(), Outcome.READ.name()));
        args.addAll(open);
        return ledger.query("select p.id, p.origin, p.run_id from pulled_file p join run r on r.id = p.run_id"
                        + " where p.source_name = ? and p.content_hash = ? and r.project_file = ?"
                        + " and ((p.run_id = ? and p.outcome in (?,?,?))"
                        + " or (p.outcome = ? and not exists (select 1 from source_item i where i.parent_id ="
                        + " p.file_item_id and i.state in (" + String.join(",", java.util.Collections.nCopies(
                                open.size(), "?")) + "))))"
                        + " order by p.id", rs -> new Taken(rs.getLong(1), rs.getString(2), rs.getLong(3)),
                args.toArray()).stream().findFirst();
    }

    /** Every file the run pulled, skipped or refused, in the order it happened. */
    public List<PulledFile> ofRun(long runId) {
        return ledger.query("select * from pulled_file where run_id = ? order by id", rs -> new PulledFile(
                rs.getLong("id"), rs.getLong("run_id"), rs.getString("source_name"), rs.getString("origin"),
                rs.getLong("size_bytes"), rs.getString("content_hash"), Outcome.valueOf(rs.getString("outcome")),
                rs.getObject("file_item_id", Long.class), rs.getObject("same_as_id", Long.class),
                rs.getString("reason"), rs.getObject("at", OffsetDateTime.class)), runId);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
    }
}
