package io.chartbridge.app.run;

import io.chartbridge.app.pull.PulledFile;
import io.chartbridge.core.ledger.ItemKind;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.PulledFiles;
import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.core.source.SourceUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the files a pull copied into the staging folder into the run, each one once: a file whose content the
 * source took before (renamed, or uploaded again) is skipped with a line saying which file it repeats; a file of the
 * same name with new content is a new file item. The staged copy's hash is checked before the connector reads it, so
 * what is read is exactly what was hashed. A file its connector refuses (a broken header) is quarantined as a file;
 * the run goes on.
 */
final class PulledFileReader {

    private static final Logger LOG = LoggerFactory.getLogger(PulledFileReader.class);

    private final ActiveRun run;
    private final ConnectorRegistry connectors;
    private final BiConsumer<SourceConnector.SourceReader, SourceSpec> extract;
    private final PulledFiles pulled;

    /** @param extract sends a reader's entries through the extract stage and returns when all are recorded */
    PulledFileReader(ActiveRun run, ConnectorRegistry connectors,
                     BiConsumer<SourceConnector.SourceReader, SourceSpec> extract) {
        this.run = run;
        this.connectors = connectors;
        this.extract = extract;
        this.pulled = new PulledFiles(run.ledger());
    }

    void read(SourceSpec source, PulledFile copied) {
        long runId = run.runId();
        // A watched local folder's files are named as the project names local files: relative to its folder.
        PulledFile file = source.isRemote() ? copied : new PulledFile(copied.sourceName(),
                MigrationRunner.displayName(run.project().folder(), Path.of(copied.origin())), copied.name(),
                copied.sizeBytes(), copied.contentHash(), copied.staged(), copied.changed());
        if (!file.isStaged()) {
            pulled.record(runId, source.name(), file.origin(), file.sizeBytes(), null, PulledFiles.Outcome.CHANGED,
                    null, null, "not copied whole (" + file.changed() + "); taken again when ready");
            return;
        }
        String hash = MigrationRunner.hashFile(file.staged());
        if (!hash.equals(file.contentHash())) {
            quarantine(source, file, hash, "its staged copy " + file.staged() + " changed before it was read");
            return;
        }
        Optional<PulledFiles.Taken> taken = pulled.taken(run.project().file().toString(), source.name(), hash, runId);
        if (taken.isPresent()) {
            PulledFiles.Taken first = taken.get();
            String why = "same content as " + first.origin() + (first.runId() == runId ? " (this run)"
                    : " (run " + first.runId() + ")");
            pulled.record(runId, source.name(), file.origin(), file.sizeBytes(), hash, PulledFiles.Outcome.DUPLICATE,
                    null, first.id(), why);
            LOG.info("Source '{}': {} skipped: {}", source.name(), file.origin(), why);
            discardCopy(file, first);
            return;
        }
        SourceConnector.SourceReader reader;
        try {
            reader = MigrationRunner.readThrough(run.mapper(source.name()),
                    connectors.forKind(source.connector()).open(source.withLocation(file.staged())));
        } catch (SourceUnavailableException e) {
            quarantine(source, file, hash, MigrationRunner.oneLine(e));
            return;
        }
        long fileItem = run.ledger().recordItem(runId, null, source.name(), ItemKind.FILE,
                SourceLocation.ofFile(file.origin()), hash, ItemState.EXTRACTED, null);
        long row = pulled.record(runId, source.name(), file.origin(), file.sizeBytes(), hash,
                PulledFiles.Outcome.TAKEN, fileItem, null, null);
        // Entries name their file as their connector does: by file name, or by path. Later files of the same
        // name are read after this one is done, so each key points at the file being read.
        Path staged = file.staged();
        for (String key : new String[] {file.name(), staged.toString(), staged.toAbsolutePath().toString(),
                MigrationRunner.displayName(run.project().folder(), staged)}) {
            run.fileItems().put(ActiveRun.fileKey(source.name(), key), fileItem);
        }
        LOG.info("Source '{}': reading {} ({} bytes)", source.name(), file.origin(), file.sizeBytes());
        try (reader) {
            extract.accept(reader, source);
        } catch (IOException e) {
            LOG.debug("Closing the reader of {} failed", file.origin(), e);
        }
        if (run.fatal() == null && !run.stopping()) {
            pulled.markRead(row);
        }
    }

    private void quarantine(SourceSpec source, PulledFile file, String hash, String reason) {
        long fileItem = run.ledger().recordItem(run.runId(), null, source.name(), ItemKind.FILE,
                SourceLocation.ofFile(file.origin()), hash, ItemState.QUARANTINED, reason);
        pulled.record(run.runId(), source.name(), file.origin(), file.sizeBytes(), hash,
                PulledFiles.Outcome.QUARANTINED, fileItem, null, reason);
        LOG.warn("Source '{}': {} quarantined: {}", source.name(), file.origin(), reason);
    }

    /** A skipped file's copy goes, unless it is the very copy the file it repeats was read from. */
    private static void discardCopy(PulledFile file, PulledFiles.Taken first) {
        String firstName = first.origin().substring(first.origin().lastIndexOf('/') + 1);
        if (!firstName.equals(file.name())) {
            try {
                Files.deleteIfExists(file.staged());
            } catch (IOException e) {
                LOG.debug("Could not remove the skipped copy {}", file.staged(), e);
            }
        }
    }
}
