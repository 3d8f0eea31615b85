package dev.reprise.replay.cli;

import dev.reprise.sample.SampleServiceCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The testers' command: replay journals against staging, and the tools that read and make
 * journals. Each subcommand is its own class.
 */
@Command(name = "reprise", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Replay captured HTTP traffic against staging, and inspect, export, import or generate journals.",
        subcommands = {
                SampleServiceCommand.class,
        })
public final class ReplayerMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new ReplayerMain(), args));
    }
}
