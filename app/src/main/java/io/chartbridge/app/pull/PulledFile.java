package io.chartbridge.app.pull;

import java.nio.file.Path;

/**
 * What the pull did with one file it took from a location: a complete copy in the staging folder, or a copy thrown
 * away because the file changed while it was being copied (it is taken again at a later poll).
 *
 * @param sourceName  the source it belongs to
 * @param origin      where it came from: {@code sftp://user@host:port/folder/name} or the local path (no secret)
 * @param name        its file name
 * @param sizeBytes   bytes copied
 * @param contentHash SHA-256 (hex) of the bytes copied; null when the copy was thrown away
 * @param staged      the copy in the staging folder; null when it was thrown away
 * @param changed     why the copy was thrown away, or null
 */
public record PulledFile(String sourceName, String origin, String name, long sizeBytes, String contentHash,
                         Path staged, String changed) {

    public boolean isStaged() {
        return staged != null;
    }
}
