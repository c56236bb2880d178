package io.chartbridge.app.review;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.app.run.TargetFactory;
import io.chartbridge.core.ledger.ItemKind;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.project.IdsSpec;
import io.chartbridge.core.project.LedgerSpec;
import io.chartbridge.core.project.MatchingSpec;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.TargetSpec;
import io.chartbridge.core.review.ReviewQueue;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.target.FhirTarget;
import io.chartbridge.core.target.LoadOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What the release tests share: an H2 ledger in the test's folder with a run "demo" started, its review queue (30
 * minute claims), an NDJSON target in {@code out} and review services that release decided records to it.
 */
public final class ReleaseFixture implements AutoCloseable {

    public final Path dir;
    public final Ledger ledger;
    public final ReviewQueue queue;
    public final Path out;
    public final TargetSpec target;
    public final long runId;

    public ReleaseFixture(Path dir) {
        this.dir = dir;
        ledger = Ledger.open(ledgerSpec());
        queue = new ReviewQueue(ledger, Duration.ofMinutes(30), Clock.systemUTC());
        out = dir.resolve("out");
        target = new TargetSpec("ndjson", out, null, TargetSpec.WriteMode.PUT, 100, 1, TargetSpec.AuthSpec.NONE);
        runId = ledger.startRun("demo", dir.resolve("project.yaml").toString(), "ndjson:" + out);
    }

    /** A review service releasing to the NDJSON target through {@code matching}. */
    public ReviewService releasingWith(MatchingSpec matching) {
        return ReviewFixtures.releasingService(ledger, queue, project(matching), new CodeTables());
    }

    /** The project: its ledger and NDJSON target are this fixture's. */
    public Project project(MatchingSpec matching) {
        return new Project("demo", null, dir.resolve("project.yaml"), List.of(), target, ledgerSpec(), matching,
                IdsSpec.GENERATED);
    }

    /** A row of this run held for review, at line 2 of {@code file}. */
    public long ledgerItem(String source, String file, String hash) {
        return ledger.recordItem(runId, null, source, ItemKind.ROW, SourceLocation.ofLine(file, 2), hash,
                ItemState.NEEDS_REVIEW, "held for review");
    }

    /** The load stage's doing for a patient: in the target, and in the ledger as held by it. */
    public void loadedEarlierInTheRun(ObjectNode patient) {
        MappedResource r = ReviewFixtures.mapped(patient);
        try (FhirTarget t = new TargetFactory(null).create(target)) {
            t.verify();
            List<LoadOutcome> outcome = t.load(List.of(r));
            t.finishRun();
            ledger.recordLoad(runId, ledgerItem("earlier", "earlier.csv", "hash-" + r.id()), t.key(), r,
                    outcome.get(0));
        }
    }

    /** The target's NDJSON file for {@code type}. */
    public String read(String type) throws IOException {
        return Files.readString(out.resolve(type + ".ndjson"));
    }

    @Override
    public void close() {
        ledger.close();
    }

    private LedgerSpec ledgerSpec() {
        return new LedgerSpec("jdbc:h2:file:" + dir.resolve("ledger"), "sa", "");
    }
}
