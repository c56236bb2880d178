package io.chartbridge.core.source;

import java.io.Closeable;
import java.util.Iterator;

/**
 * Reads a source declared in a project. Implementations stream: memory must not grow with the size of the input.
 * Connectors depend on core only, never on each other.
 */
public interface SourceConnector {

    /** The connector kind named in project files, e.g. "csv". */
    String kind();

    /**
     * Checks the options and that the location can be read.
     *
     * @throws SourceUnavailableException with a one-line message when the source cannot be read at all
     */
    SourceReader open(SourceSpec spec) throws SourceUnavailableException;

    /** A stream of entries that must be closed. Malformed input is returned as {@link MalformedEntry}. */
    interface SourceReader extends Iterator<SourceEntry>, Closeable {
        /** The files this reader will read, for the ledger's file items, known once it is opened. */
        java.util.List<java.nio.file.Path> files();
    }
}
