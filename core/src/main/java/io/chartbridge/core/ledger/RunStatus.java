package io.chartbridge.core.ledger;

/**
 * RUNNING until the run ends. INTERRUPTED: the run stopped before its end without anything wrong with its records
 * (a crashed process found still RUNNING, Ctrl-C or SIGTERM, the target away for longer than the retry budget); its
 * unsettled records are taken up by the next run. FAILED: a fatal error stopped it. UNDONE: {@code chartbridge undo}
 * took what the run created back out of the target and restored what it updated (its message says what was left
 * alone); a later run loads those records again.
 */
public enum RunStatus { RUNNING, COMPLETED, FAILED, INTERRUPTED, UNDONE }
