package io.chartbridge.app;

import io.chartbridge.app.cli.LinkCommand;
import io.chartbridge.app.cli.MapCommand;
import io.chartbridge.app.cli.OcrCliCommand;
import io.chartbridge.app.cli.RunCommand;
import io.chartbridge.app.cli.StatusCommand;
import io.chartbridge.core.FatalSetupException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Command line entry point. The {@code ./chartbridge} launcher builds the project and calls this. */
@Command(name = "chartbridge", mixinStandardHelpOptions = true, version = "ChartBridge 0.1.0",
        description = "Migrates legacy health records to FHIR R4.",
        footer = {"", "Use ./chartbridge (the launcher): it builds, installs what is missing, and adds demo, sandbox and"
                + " test.", "Examples:", "  ./chartbridge run projects/demo/project.yaml", "  ./chartbridge ocr --help"},
        subcommands = {RunCommand.class, io.chartbridge.app.cli.WorkerCommand.class, MapCommand.class,
                StatusCommand.class, LinkCommand.class, OcrCliCommand.class, io.chartbridge.app.cli.ConsoleCommand.class,
                io.chartbridge.app.cli.ReportCommand.class, io.chartbridge.app.cli.DiffCommand.class,
                io.chartbridge.app.cli.UndoCommand.class})
public final class ChartBridge {

    /** Exit code for a fatal setup error (missing file, unreachable target, invalid project). */
    public static final int EXIT_FATAL = 1;
    /** Exit code for a run that started but could not finish. */
    public static final int EXIT_RUN_FAILED = 3;
    /**
     * Exit code for a run stopped because the target stayed away longer than target.retry.maxWait: nothing is wrong
     * with the records, run the project again to resume (sysexits' EX_TEMPFAIL).
     */
    public static final int EXIT_RUN_INTERRUPTED = 75;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    /** The command tree, every command answering {@code -h}/{@code --help}, fatal errors as one line. */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new ChartBridge()));
    }

    /**
     * Gives every command of the tree a {@code -h}/{@code --help} option (usage, options and examples, exit 0) unless
     * it has one, and the one-line handling of fatal errors. Done here once, so a new command cannot forget it.
     */
    public static CommandLine configure(CommandLine cli) {
        addHelpOption(cli);
        cli.setExecutionExceptionHandler(ChartBridge::handle);
        return cli;
    }

    private static void addHelpOption(CommandLine cli) {
        CommandLine.Model.CommandSpec spec = cli.getCommandSpec();
        boolean hasHelp = spec.options().stream().anyMatch(CommandLine.Model.OptionSpec::usageHelp);
        if (!hasHelp && spec.findOption("--help") == null && spec.findOption("-h") == null) {
            spec.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("Show this help (usage, options, examples) and exit.").build());
        }
        cli.getSubcommands().values().forEach(ChartBridge::addHelpOption);
    }

    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        FatalSetupException fatal = findFatal(e);
        if (fatal != null) {
            err.println("chartbridge: " + fatal.getMessage());
            return EXIT_FATAL;
        }
        err.println("chartbridge: unexpected error: " + e);
        if (Boolean.getBoolean("chartbridge.debug")) {
            e.printStackTrace(err);
        } else {
            err.println("(run with CHARTBRIDGE_DEBUG=1 for the stack trace)");
        }
        return 70;
    }

    /** Spring wraps exceptions thrown while it starts; the user wants our one line, not the wrapper's. */
    private static FatalSetupException findFatal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FatalSetupException f) {
                return f;
            }
        }
        return null;
    }
}
