package io.chartbridge.app.report;

import java.util.regex.Pattern;

/**
 * Cells of the CSV files ChartBridge writes for people, made safe to open in a spreadsheet. A cell that starts with
 * {@code = + - @}, a tab or a carriage return is read by Excel, LibreOffice and Google Sheets as a formula, which can
 * fetch URLs or run commands (CSV injection, OWASP); file names, locations and ids in our reports come from source
 * data. Such a cell gets a leading apostrophe, which the spreadsheet shows as text. Plain numbers ({@code -3},
 * {@code +1.5}) are left as they are.
 */
public final class SpreadsheetCells {

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+([.,]\\d+)?|[.,]\\d+)");

    private SpreadsheetCells() {
    }

    public static String neutralise(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        char first = cell.charAt(0);
        boolean formulaStart = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t'
                || first == '\r';
        return formulaStart && !NUMBER.matcher(cell).matches() ? "'" + cell : cell;
    }
}
