package io.chartbridge.app.pull;

import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.source.PullSpec;
import io.chartbridge.core.source.SourceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.camel.component.file.GenericFileOperations;

/**
 * One source's pull while a run lasts: the files its route copied into the staging folder, waiting to be read, and
 * what its polls did. Camel's consumer thread reports into it; the run's thread takes the files out.
 */
public final class PullSession {

    private final SourceSpec source;
    private final String routeId;
    private final boolean watching;
    private final BlockingQueue<PulledFile> arrived = new LinkedBlockingQueue<>();
    private final StableSizeRule stableSize;
    private final DoneFileRule doneFile;

    private final Object polls = new Object();
    private long firstPollBegan = -1;
    private long pollBegan = -1;
    private long lastCompletedPollBegan = -1;
    private int completedPolls;
    private int firstCompletePoll = -1;
    private int changedInPoll;
    private int changedInLastPoll;
    private String firstFailure;
    private boolean reachedServer;
    private List<String> notReady = List.of();

    // The current poll's listing, as the filter saw it (Camel's consumer thread only).
    private final Set<String> listedPaths = new HashSet<>();
    private final Set<String> listedDoneFiles = new HashSet<>();
    private final List<String> waitingForDoneFile = new ArrayList<>();
    private final List<String> stillChanging = new ArrayList<>();

    private volatile GenericFileOperations<?> operations;

    PullSession(SourceSpec source, String routeId, boolean watching) {
        this.source = source;
        this.routeId = routeId;
        this.watching = watching;
        PullSpec pull = source.pull();
        this.stableSize = new StableSizeRule(pull.quietPeriod());
        this.doneFile = new DoneFileRule(pull.doneFile());
    }

    public SourceSpec source() {
        return source;
    }

    public PullSpec pull() {
        return source.pull();
    }

    String routeId() {
        return routeId;
    }

    boolean watching() {
        return watching;
    }

    StableSizeRule stableSize() {
        return stableSize;
    }

    DoneFileRule doneFile() {
        return doneFile;
    }

    // ------------------------------------------------------------------ Camel's side

    /** The consumer's file operations (its SFTP connection), for checking a file again after copying it. */
    void useOperations(GenericFileOperations<?> ops) {
        this.operations = ops;
    }

    GenericFileOperations<?> operations() {
        return operations;
    }

    void pollBegins(long nowNanos) {
        synchronized (polls) {
            pollBegan = nowNanos;
            if (firstPollBegan < 0) {
                firstPollBegan = nowNanos;
            }
            changedInPoll = 0;
        }
        listedPaths.clear();
        listedDoneFiles.clear();
        waitingForDoneFile.clear();
        stillChanging.clear();
    }

    /** The filter saw a data file of the include pattern in this poll's listing. */
    void listed(String path) {
        listedPaths.add(path);
    }

    void listedDoneFile(String name) {
        listedDoneFiles.add(name);
    }

    void waitsForDoneFile(String name) {
        waitingForDoneFile.add(name);
    }

    void stillChanging(String name) {
        stillChanging.add(name);
    }

    void pollSucceeded() {
        List<String> waiting = new ArrayList<>(stillChanging);
        for (String name : waitingForDoneFile) {
            if (!listedDoneFiles.contains(doneFile.doneFileOf(name))) {
                waiting.add(name);
            }
        }
        stableSize.keepOnly(listedPaths);
        synchronized (polls) {
            reachedServer = true;
            lastCompletedPollBegan = pollBegan;
            completedPolls++;
            if (firstCompletePoll < 0 && pollBegan - firstPollBegan >= readyWaitNanos()) {
                firstCompletePoll = completedPolls;
            }
            changedInLastPoll = changedInPoll;
            notReady = List.copyOf(waiting);
            polls.notifyAll();
        }
    }

    void pollFailed(String line) {
        synchronized (polls) {
            if (!reachedServer && firstFailure == null) {
                firstFailure = line;
            }
            polls.notifyAll();
        }
    }

    void arrived(PulledFile file) {
        synchronized (polls) {
            reachedServer = true;
            if (!file.isStaged()) {
                changedInPoll++;
            }
            polls.notifyAll();
        }
        arrived.add(file);
    }

    // ------------------------------------------------------------------ the run's side

    /**
     * Waits until the first poll reached the location (a file arrived, or the listing was done) and returns; when it
     * could not (login refused, host key unknown, folder missing), throws the one line that says why.
     */
    public void awaitFirstContact(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (polls) {
            while (!reachedServer && firstFailure == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new FatalSetupException(describe() + ": no answer within " + timeout.toSeconds() + " s");
                }
                waitOn(left);
            }
            if (!reachedServer) {
                throw new FatalSetupException(describe() + ": " + firstFailure);
            }
        }
    }

    /**
     * For a run that does not watch: true once everything ready at the start has been taken. That is the first poll
     * (done-file rule), or the first that began at least the quiet period after it (stable-size rule: only then has
     * every file been seen unchanged for that long), provided no file changed while being copied in the last poll;
     * files that did are tried by up to {@code retries} more polls.
     */
    boolean pulledWhatIsThere(int retries) {
        synchronized (polls) {
            return firstCompletePoll > 0
                    && (changedInLastPoll == 0 || completedPolls - firstCompletePoll >= retries);
        }
    }

    private long readyWaitNanos() {
        return pull().ready() == PullSpec.ReadyRule.STABLE_SIZE ? pull().quietPeriod().toNanos() : 0;
    }

    /** Files of the last completed poll that were not ready: no done file yet, or still growing. */
    public List<String> notReady() {
        synchronized (polls) {
            return notReady;
        }
    }

    /** The files that arrived since the last call, waiting up to {@code wait} for the first. */
    public List<PulledFile> takeArrived(Duration wait) throws InterruptedException {
        List<PulledFile> out = new ArrayList<>();
        PulledFile first = arrived.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        if (first != null) {
            out.add(first);
            arrived.drainTo(out);
        }
        return out;
    }

    boolean hasArrived() {
        return !arrived.isEmpty();
    }

    /** Waits for the next change of the session's state (a poll done, a file arrived), at most {@code millis}. */
    void awaitChange(long millis) throws InterruptedException {
        synchronized (polls) {
            polls.wait(Math.max(1, millis));
        }
    }

    /** "SFTP source 'x' (sftp://...)" or "source 'x' (folder)": how lines about this pull begin. */
    public String describe() {
        return (source.isRemote() ? "SFTP source '" : "Source '") + source.name() + "' (" + pull().display() + ")";
    }

    private void waitOn(long nanos) {
        try {
            polls.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FatalSetupException(describe() + ": interrupted while connecting");
        }
    }
}
