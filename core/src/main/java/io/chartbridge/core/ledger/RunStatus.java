package io.chartbridge.core.ledger;

/** RUNNING until the run ends; INTERRUPTED when a crashed run was found still RUNNING. */
public enum RunStatus { RUNNING, COMPLETED, FAILED, INTERRUPTED }
