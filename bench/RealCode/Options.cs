using System;
using System.Collections.Generic;
using System.IO;

namespace AsyncRules.RealCode
{
    /// <summary>The command line, parsed. Every mistake in it is a <see cref="UserError"/> with a one-line message.</summary>
    internal sealed class Options
    {
        public const string Usage =
            "usage: dotnet run -c Release --project bench/RealCode -- <project.csproj | solution.sln | directory>... [options]\n" +
            "\n" +
            "Builds the given projects as they are, with AsyncRules injected as an analyzer through MSBuild properties (no file\n" +
            "of the project is edited), then prints every ASYNC result, the counts per rule, and AsyncRules' analyzer time\n" +
            "against the compile time of the same build.\n" +
            "\n" +
            "options:\n" +
            "  -f, --framework TFM      build this target framework of every project that targets it (default: the newest\n" +
            "                           one each project targets); a solution is built for TFM only when this is given\n" +
            "  --all-warnings           every ASYNC rule at warning (default: each rule at its default severity; suggestions\n" +
            "                           are still collected and shown apart)\n" +
            "  --analyzers PATH         an already built AsyncRules.Analyzers.dll, or the folder holding it (default: build\n" +
            "                           src/Analyzers of this repository, Release)\n" +
            "  --out DIR                where the results go: results.tsv, the SARIF logs, the build logs (default: a new\n" +
            "                           folder under the system temp folder)\n" +
            "  --tsv FILE               also write the results table to FILE\n" +
            "  --only-asyncrules        switch the project's own analyzers off (source generators still run), so that the\n" +
            "                           compile time is not inflated by them and the build is faster\n" +
            "  --copy                   build a private copy of the repository, leaving the checkout untouched (no bin/obj)\n" +
            "  --root DIR               the repository root that paths are shown relative to (default: the nearest folder\n" +
            "                           above the target with .git, else the topmost with a global.json, Directory.Build.props,\n" +
            "                           NuGet.config or solution file)\n" +
            "  -c, --configuration CFG  the build configuration (default: Release)\n" +
            "  -p, --property N=V       an MSBuild property for the build, repeatable (also -p:N=V)\n" +
            "  --nuget-config FILE      restore with this NuGet.config instead of the repository's (when its feeds are\n" +
            "                           unreachable here); the same as -p:RestoreConfigFile=FILE\n" +
            "  --not-as-error ID[,ID]    more warning IDs that must not fail the build (NU1603 and the ASYNC IDs always are)\n" +
            "  --nowarn ID[,ID]          warning IDs to silence in the build, e.g. NU1605 when a package source's versions\n" +
            "                           make a restore see a downgrade (the SDK makes NU1605 an error on its own)\n" +
            "  --parallel               let MSBuild build projects in parallel (default: one at a time, for steadier times)\n" +
            "  --keep-work              keep the temporary work folder (the injected .targets, the copied analyzer)\n" +
            "  --command-lines          also write each compilation's compiler command line to <out>/commandlines, for the\n" +
            "                           in-process speed mode of bench/AsyncRules.Benchmarks (--real); with --copy the copy is\n" +
            "                           then built in <out>/copy and kept, since the command lines point into it\n" +
            "\n" +
            "exit code: 0 when every build succeeded, 2 when some build failed (the results of the others are still shown),\n" +
            "1 on a usage error or when nothing could be built.";

        public List<string> Targets { get; } = new();

        public string? Framework { get; private set; }

        public bool AllWarnings { get; private set; }

        public string? Analyzers { get; private set; }

        public string? OutDir { get; private set; }

        public string? TsvFile { get; private set; }

        public bool OnlyAsyncRules { get; private set; }

        public bool Copy { get; private set; }

        public string? Root { get; private set; }

        public string Configuration { get; private set; } = "Release";

        public List<KeyValuePair<string, string>> Properties { get; } = new();

        /// <summary>Warning IDs appended to WarningsNotAsErrors besides the ASYNC ones and NU1603.</summary>
        public List<string> NotAsErrors { get; } = new() { "NU1603" };

        /// <summary>Warning IDs appended to NoWarn.</summary>
        public List<string> NoWarn { get; } = new();

        public bool Parallel { get; private set; }

        public bool KeepWork { get; private set; }

        /// <summary>Write each compilation's command line to &lt;out&gt;/commandlines (and keep a --copy in &lt;out&gt;/copy).</summary>
        public bool CommandLines { get; private set; }

        public bool Help { get; private set; }

        public static Options Parse(string[] args)
        {
            var options = new Options();
            for (var i = 0; i < args.Length; i++)
            {
                var arg = args[i];
                string Value()
                {
                    if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        throw new UserError($"{arg} needs a value (see --help)");
                    }

                    return args[++i];
                }

                switch (arg)
                {
                    case "-h" or "--help" or "-?":
                        options.Help = true;
                        break;
                    case "-f" or "--framework":
                        options.Framework = Value();
                        break;
                    case "--all-warnings":
                        options.AllWarnings = true;
                        break;
                    case "--analyzers":
                        options.Analyzers = Path.GetFullPath(Value());
                        break;
                    case "--out" or "-o":
                        options.OutDir = Path.GetFullPath(Value());
                        break;
                    case "--tsv":
                        options.TsvFile = Path.GetFullPath(Value());
                        break;
                    case "--only-asyncrules":
                        options.OnlyAsyncRules = true;
                        break;
                    case "--copy":
                        options.Copy = true;
                        break;
                    case "--root":
                        options.Root = Path.GetFullPath(Value());
                        break;
                    case "-c" or "--configuration":
                        options.Configuration = Value();
                        break;
                    case "-p" or "--property":
                        options.AddProperty(Value());
                        break;
                    case "--nuget-config":
                        var config = Path.GetFullPath(Value());
                        if (!File.Exists(config))
                        {
                            throw new UserError($"--nuget-config {config}: path not found");
                        }

                        options.Properties.Add(new KeyValuePair<string, string>("RestoreConfigFile", config));
                        break;
                    case "--not-as-error":
                        options.NotAsErrors.AddRange(Value().Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                        break;
                    case "--nowarn":
                        options.NoWarn.AddRange(Value().Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                        break;
                    case "--parallel":
                        options.Parallel = true;
                        break;
                    case "--command-lines":
                        options.CommandLines = true;
                        break;
                    case "--keep-work":
                        options.KeepWork = true;
                        break;
                    default:
                        if (arg.StartsWith("-p:", StringComparison.Ordinal) || arg.StartsWith("/p:", StringComparison.Ordinal))
                        {
                            options.AddProperty(arg.Substring(3));
                        }
                        else if (arg.StartsWith("--property:", StringComparison.Ordinal))
                        {
                            options.AddProperty(arg.Substring("--property:".Length));
                        }
                        else if (arg.StartsWith("-", StringComparison.Ordinal))
                        {
                            throw new UserError($"unknown option {arg} (see --help)");
                        }
                        else
                        {
                            options.Targets.Add(arg);
                        }

                        break;
                }
            }

            if (!options.Help && options.Targets.Count == 0)
            {
                throw new UserError("no project or solution given (see --help)");
            }

            return options;
        }

        private void AddProperty(string nameValue)
        {
            var equals = nameValue.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UserError($"a property must be Name=Value, not '{nameValue}'");
            }

            Properties.Add(new KeyValuePair<string, string>(nameValue.Substring(0, equals), nameValue.Substring(equals + 1)));
        }
    }

    /// <summary>A mistake the user can fix: printed as one line, never as a stack trace.</summary>
    internal sealed class UserError : Exception
    {
        public UserError(string message)
            : base(message)
        {
        }
    }
}
