package io.chartbridge.core.ledger;

/** What a source item is. Files hold rows, pages or messages. */
public enum ItemKind { FILE, ROW, PAGE, MESSAGE }
