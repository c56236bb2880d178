package io.chartbridge.app.pull;

import io.chartbridge.core.source.PullSpec;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * Which files of a listing the pull takes: those of the include pattern that are ready. Under the stable-size rule a
 * file still growing (or seen for the first time) is left for a later poll; under the done-file rule done files are
 * never data, and Camel's {@code doneFileName} check then leaves files whose done file is missing. The filter runs
 * before Camel's idempotent check, so a file that is not ready is not remembered as taken.
 */
final class ReadyFileFilter implements GenericFileFilter<Object> {

    private final PullSession session;
    private final PathMatcher include;

    ReadyFileFilter(PullSession session) {
        this.session = session;
        this.include = FileSystems.getDefault().getPathMatcher("glob:" + session.pull().include());
    }

    @Override
    public boolean accept(GenericFile<Object> file) {
        if (file.isDirectory()) {
            return false;
        }
        String name = file.getFileNameOnly();
        PullSpec.ReadyRule rule = session.pull().ready();
        if (rule == PullSpec.ReadyRule.DONE_FILE && session.doneFile().isDoneFile(name)) {
            session.listedDoneFile(name);
            return false;
        }
        if (!include.matches(Path.of(name))) {
            return false;
        }
        session.listed(file.getAbsoluteFilePath());
        if (rule == PullSpec.ReadyRule.DONE_FILE) {
            session.waitsForDoneFile(name);
            return true;
        }
        if (!session.stableSize().isStable(file.getAbsoluteFilePath(), file.getFileLength(), file.getLastModified(),
                System.nanoTime())) {
            session.stillChanging(name);
            return false;
        }
        return true;
    }
}
