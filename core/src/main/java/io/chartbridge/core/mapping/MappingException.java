package io.chartbridge.core.mapping;

/**
 * A record the mapping cannot turn into valid resources (unparseable date, unknown code under a quarantine policy,
 * missing required field). The record is quarantined with this message; the run goes on.
 * Messages name the field and the problem but never quote the value, which may be PHI.
 */
public class MappingException extends Exception {
    public MappingException(String message) {
        super(message);
    }
}
