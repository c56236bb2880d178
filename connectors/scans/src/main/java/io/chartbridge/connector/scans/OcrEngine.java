package io.chartbridge.connector.scans;

import com.sun.jna.Pointer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import net.sourceforge.lept4j.Leptonica1;
import net.sourceforge.tess4j.TessAPI1;

/**
 * A fixed pool of OCR worker threads, each owning one Tesseract for its whole life (a TessBaseAPI must never be
 * shared between threads). Jobs run a whole page on one worker: preprocessing, the full-page read, and zone re-reads.
 * Needs {@code OMP_THREAD_LIMIT=1} in the environment: with OpenMP on, Tesseract's own threads fight the pool.
 */
public final class OcrEngine implements AutoCloseable {

    private final OcrSettings settings;
    private final ExecutorService pool;
    private final List<TesseractWorker> workers = new CopyOnWriteArrayList<>();
    private final ThreadLocal<TesseractWorker> workerOfThread;

    /**
     * Starts the workers, each loading its language model in the background (about 0.1 CPU-second each), so the
     * models load while the caller is still reading templates and decoding the first page.
     */
    public OcrEngine(OcrSettings settings) {
        this.settings = settings;
        tesseractVersion();
        this.workerOfThread = ThreadLocal.withInitial(() -> {
            TesseractWorker w = new TesseractWorker(settings.datapath(), settings.language());
            workers.add(w);
            return w;
        });
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "ocr-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(settings.threads(), factory);
        // A fixed pool below its size starts a new thread for each task: one model load per worker thread.
        for (int i = 0; i < settings.threads(); i++) {
            pool.execute(() -> {
                try {
                    workerOfThread.get();
                } catch (OcrUnavailableException e) {
                    // Not kept: the first page on this thread tries again and reports it as that page's failure.
                }
            });
        }
    }

    public static OcrEngine withDefaults() {
        return new OcrEngine(OcrSettings.defaults());
    }

    public OcrSettings settings() {
        return settings;
    }

    /** Runs a job on a worker thread with that thread's Tesseract. Failures complete the future exceptionally. */
    public <T> CompletableFuture<T> submit(Function<OcrSession, T> job) {
        return CompletableFuture.supplyAsync(() -> job.apply(new OcrSession(workerOfThread.get())), pool);
    }

    /**
     * Loads the native libraries and reports their versions, e.g. {@code tesseract 5.3.0, leptonica-1.82.0}.
     *
     * @throws OcrUnavailableException with one line naming the packages to install when they are missing
     */
    public static String selfCheck() {
        try {
            String tesseract = tesseractVersion();
            Pointer p = Leptonica1.getLeptonicaVersion();
            String leptonica = p == null ? "leptonica (unknown version)" : p.getString(0);
            if (p != null) {
                Leptonica1.lept_free(p);
            }
            return "tesseract " + tesseract + ", " + leptonica;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            throw new OcrUnavailableException("Native Tesseract/Leptonica libraries could not be loaded: "
                    + OcrUnavailableException.INSTALL_HINT, e);
        }
    }

    /**
     * Loads libtesseract (and through it Leptonica) only; binding Lept4J's thousands of Leptonica functions, as
     * {@link #selfCheck()} does for the version, is not needed to read pages.
     */
    private static String tesseractVersion() {
        try {
            return TessAPI1.TessVersion();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            throw new OcrUnavailableException("Native Tesseract/Leptonica libraries could not be loaded: "
                    + OcrUnavailableException.INSTALL_HINT, e);
        }
    }

    @Override
    public void close() {
        pool.shutdown();
        boolean terminated;
        try {
            terminated = pool.awaitTermination(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            terminated = false;
        }
        if (!terminated) {
            // A worker is still inside Tesseract: ending its engine under it would crash the JVM; leak instead.
            pool.shutdownNow();
            return;
        }
        // The worker threads are gone: their engines can be ended from here.
        for (TesseractWorker w : workers) {
            w.close();
        }
        workers.clear();
    }
}
