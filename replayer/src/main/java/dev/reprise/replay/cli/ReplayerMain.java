package dev.reprise.replay.cli;

import dev.reprise.cli.CommandRunner;
import dev.reprise.cli.VersionProvider;
import dev.reprise.replay.cli.internal.NettyDefaults;
import dev.reprise.tools.ExportCommand;
import dev.reprise.tools.GenerateCommand;
import dev.reprise.tools.ImportCommand;
import dev.reprise.tools.InspectCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The testers' program: replay journals against staging, compare replays, and the journal tools
 * that read and make journals. Each subcommand is its own class; this one only lists them.
 */
@Command(name = "reprise", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Replay captured HTTP traffic against staging, and inspect, export, import or generate journals.",
        subcommands = {
                ReplayCommand.class,
                CompareCommand.class,
                ReportCommand.class,
                MergeCommand.class,
                InspectCommand.class,
                ExportCommand.class,
                ImportCommand.class,
                GenerateCommand.class,
        })
public final class ReplayerMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    public static void main(String[] args) {
        NettyDefaults.apply();
        System.exit(CommandRunner.run(new ReplayerMain(), args));
    }
}
