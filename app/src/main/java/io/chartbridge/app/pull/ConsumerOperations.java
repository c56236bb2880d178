package io.chartbridge.app.pull;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperations;

/**
 * Hands the consumer's own file operations (its SFTP connection) to the pull session when the route starts, so that
 * the stager can look at a file again right after copying it, on the same connection. Plugged in where Camel takes a
 * read lock; it takes none: a pull never changes anything on the location, and whether a file is complete is the
 * ready rule's job ({@link ReadyFileFilter}).
 */
final class ConsumerOperations implements GenericFileExclusiveReadLockStrategy<Object> {

    private final PullSession session;

    ConsumerOperations(PullSession session) {
        this.session = session;
    }

    @Override
    public void prepareOnStartup(GenericFileOperations<Object> operations, GenericFileEndpoint<Object> endpoint) {
        session.useOperations(operations);
    }

    @Override
    public boolean acquireExclusiveReadLock(GenericFileOperations<Object> operations, GenericFile<Object> file,
                                            Exchange exchange) {
        session.useOperations(operations);
        return true;
    }

    @Override
    public void releaseExclusiveReadLockOnAbort(GenericFileOperations<Object> operations, GenericFile<Object> file,
                                                Exchange exchange) {
        // no lock is taken
    }

    @Override
    public void releaseExclusiveReadLockOnRollback(GenericFileOperations<Object> operations, GenericFile<Object> file,
                                                   Exchange exchange) {
        // no lock is taken
    }

    @Override
    public void releaseExclusiveReadLockOnCommit(GenericFileOperations<Object> operations, GenericFile<Object> file,
                                                 Exchange exchange) {
        // no lock is taken
    }

    @Override
    public void setTimeout(long timeout) {
        // no lock is waited for
    }

    @Override
    public void setCheckInterval(long checkInterval) {
        // no lock is waited for
    }

    @Override
    public void setReadLockLoggingLevel(LoggingLevel readLockLoggingLevel) {
        // nothing is logged
    }

    @Override
    public void setMarkerFiler(boolean markerFile) {
        // no marker file is ever written on the location
    }

    @Override
    public void setDeleteOrphanLockFiles(boolean deleteOrphanLockFiles) {
        // no lock files are written
    }
}
