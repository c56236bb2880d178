package io.chartbridge.app.web;

/**
 * A code a reviewer adds to an unmapped-code item's code table, as a form or a JSON body sends it.
 *
 * @param system  one of the systems the table's codes use ("" or absent for a table of codes without a system)
 * @param code    the code
 * @param display its display, optional
 * @param confirm the page's "add this code to the table" box; the API call is explicit by itself and needs none
 */
record NewCodeRequest(String system, String code, String display, Boolean confirm) {
}
