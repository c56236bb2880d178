package io.chartbridge.connector.scans;

import io.chartbridge.core.source.MalformedEntry;
import io.chartbridge.core.source.SourceConnector;
import io.chartbridge.core.source.SourceEntry;
import io.chartbridge.core.source.SourceLocation;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Streams page records in file and page order while the OCR pool works ahead on a small window of pages, so memory
 * holds a few decoded pages at most, whatever the number of files. The window counts pages waiting for or in OCR;
 * finished records wait for their turn outside it (up to {@link #MAX_AHEAD} pages), so one slow page at the head
 * does not leave the other workers without work.
 */
final class ScanSourceReader implements SourceConnector.SourceReader {

    /** Pages read ahead of the one to be returned, finished or not: records are small, decoded pages are not. */
    static final int MAX_AHEAD = 64;

    private final Path baseDir;
    private final java.util.function.Function<Path, String> displayName;
    private final String sourceName;
    private final List<Path> files;
    private final OcrEngine engine;
    private final boolean ownEngine;
    private final ScanPageProcessor processor;
    private final ScanLimits limits;
    private final int window;
    private final Deque<CompletableFuture<SourceEntry>> inFlight = new ArrayDeque<>();
    private int fileIndex;
    private ScanFileReader current;
    private Path currentFile;

    ScanSourceReader(String sourceName, List<Path> files, Path baseDir, OcrEngine engine, boolean ownEngine,
                     ScanPageProcessor processor, ScanLimits limits) {
        this(sourceName, files, baseDir, engine, ownEngine, processor, limits, Path::toString);
    }

    /**
     * @param baseDir where relative file names are read from (the caller's working directory when that is not this
     *                process's, as for {@code ocr --serve})
     * @param displayName how locations name a file (as given, or as the source shows it: its name in the folder)
     */
    ScanSourceReader(String sourceName, List<Path> files, Path baseDir, OcrEngine engine, boolean ownEngine,
                     ScanPageProcessor processor, ScanLimits limits,
                     java.util.function.Function<Path, String> displayName) {
        this.displayName = displayName;
        this.baseDir = baseDir;
        this.sourceName = sourceName;
        this.files = List.copyOf(files);
        this.engine = engine;
        this.ownEngine = ownEngine;
        this.processor = processor;
        this.limits = limits;
        this.window = engine.settings().threads() * 2;
    }

    @Override
    public List<Path> files() {
        return files;
    }

    @Override
    public boolean hasNext() {
        fill();
        return !inFlight.isEmpty();
    }

    @Override
    public SourceEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CompletableFuture<SourceEntry> head = inFlight.getFirst();
        while (!head.isDone()) {
            // Waits for the head or any other page in OCR; a page finishing makes room for the next input.
            CompletableFuture<?>[] running = inFlight.stream().filter(f -> !f.isDone())
                    .toArray(CompletableFuture<?>[]::new);
            if (running.length == 0) {
                break;
            }
            CompletableFuture.anyOf(running).exceptionally(e -> null).join();
            fill();
        }
        inFlight.removeFirst();
        fill();
        return head.join();
    }

    private void fill() {
        while (inFlight.size() < MAX_AHEAD && inOcr() < window) {
            PageInput input = nextInput();
            if (input == null) {
                return;
            }
            inFlight.addLast(submit(currentFile, input));
        }
    }

    private int inOcr() {
        int n = 0;
        for (CompletableFuture<SourceEntry> f : inFlight) {
            if (!f.isDone()) {
                n++;
            }
        }
        return n;
    }

    private PageInput nextInput() {
        while (true) {
            if (current != null && current.hasNext()) {
                return current.next();
            }
            if (current != null) {
                current.close();
                current = null;
            }
            if (fileIndex >= files.size()) {
                return null;
            }
            currentFile = files.get(fileIndex++);
            current = new ScanFileReader(baseDir.resolve(currentFile), limits);
        }
    }

    private CompletableFuture<SourceEntry> submit(Path file, PageInput input) {
        String name = displayName.apply(file);
        Path real = baseDir.resolve(file);
        SourceLocation location = input.pageNumber() == 0 ? SourceLocation.ofFile(name)
                : new SourceLocation(name, "page", input.pageNumber(), null);
        if (input instanceof PageInput.BadPage bad) {
            return CompletableFuture.completedFuture(new MalformedEntry(location, bad.contentHash(), bad.reason()));
        }
        if (input instanceof PageInput.TextPage text) {
            return CompletableFuture.completedFuture(processor.processText(sourceName, location, real, text));
        }
        PageInput.ImagePage image = (PageInput.ImagePage) input;
        return engine.<SourceEntry>submit(session -> processor.process(sourceName, location, real, image, session))
                .exceptionally(e -> new MalformedEntry(location, image.contentHash(),
                        "OCR failed on this page (" + ScanFileReader.describe(unwrap(e)) + ")"));
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    @Override
    public void close() {
        inFlight.forEach(f -> f.cancel(false));
        inFlight.clear();
        if (current != null) {
            current.close();
            current = null;
        }
        if (ownEngine) {
            engine.close();
        }
    }
}
