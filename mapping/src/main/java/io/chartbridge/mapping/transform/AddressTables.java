package io.chartbridge.mapping.transform;

import io.chartbridge.mapping.codetable.CodeTable;
import io.chartbridge.mapping.codetable.CodeTableReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The word lists behind {@code address}: street suffixes, secondary unit designators, directionals and US states.
 * They are code tables kept as data in {@code mappings/code-tables/} (usps-street-suffixes.csv,
 * usps-unit-designators.csv, usps-directionals.csv, us-states.csv), packaged with the engine so that every mapping
 * has them; a mapping may lay a table of its own over any of them. Immutable.
 */
record AddressTables(Layered suffixes, Layered units, Layered directionals, Layered states) {

    /** A mapping's own table looked up first, then the shipped one. */
    record Layered(CodeTable own, CodeTable shipped) {

        CodeTable.Target lookup(String word) {
            CodeTable.Target target = own == null ? null : own.lookup(word);
            return target != null ? target : shipped.lookup(word);
        }

        boolean contains(String word) {
            return lookup(word) != null;
        }
    }

    private static final String FOLDER = "/io/chartbridge/mapping/address/";

    private static final class Shipped {
        static final AddressTables TABLES = new AddressTables(
                new Layered(null, load("usps-street-suffixes.csv")), new Layered(null, load("usps-unit-designators.csv")),
                new Layered(null, load("usps-directionals.csv")), new Layered(null, load("us-states.csv")));
    }

    private static final class Provinces {
        static final CodeTable TABLE = load("ca-provinces.csv");
    }

    /** Canadian provinces and territories, for {@code country: CA}. */
    static CodeTable provinces() {
        return Provinces.TABLE;
    }

    /** The tables shipped with the engine. */
    static AddressTables shipped() {
        return Shipped.TABLES;
    }

    /** These tables with a mapping's own tables (each may be null) looked up first. */
    AddressTables over(CodeTable ownSuffixes, CodeTable ownUnits, CodeTable ownDirectionals, CodeTable ownStates) {
        return new AddressTables(new Layered(ownSuffixes, suffixes.shipped()), new Layered(ownUnits, units.shipped()),
                new Layered(ownDirectionals, directionals.shipped()), new Layered(ownStates, states.shipped()));
    }

    private static CodeTable load(String file) {
        try (InputStream in = AddressTables.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException("the engine is packaged without its address table " + file);
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return CodeTableReader.read(file, file, reader);
            }
        } catch (CodeTableReader.CodeTableException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
