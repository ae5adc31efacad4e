using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using AsyncRules.EditorTests.Lsp;

namespace AsyncRules.Bench
{
    /// <summary>
    /// The cost of a keystroke: csharp-ls (analyzers on) on a generated project with one large file of async code; the
    /// time from a didChange to the answer of the diagnostic pull that follows it, over many edits, once per analyzer set.
    /// Each set has its own project and its own server; the keystrokes go to them in turn.
    /// </summary>
    internal static class Program
    {
        private const int Services = 28;
        private const int WarmupEdits = 6;
        private const int MeasuredEdits = 40;

        private static readonly TimeSpan PullTimeout = TimeSpan.FromMinutes(3);

        private static readonly (string Name, string Packages)[] Variants =
        {
            ("no third-party analyzers", ""),
            ("AsyncRules", "ASYNCRULES"),
            ("Microsoft.VisualStudio.Threading.Analyzers 18.12.1", "<PackageReference Include=\"Microsoft.VisualStudio.Threading.Analyzers\" Version=\"18.12.1\" PrivateAssets=\"all\" />"),
            ("Meziantou.Analyzer 3.0.321", "<PackageReference Include=\"Meziantou.Analyzer\" Version=\"3.0.321\" PrivateAssets=\"all\" />"),
            ("AsyncFixer 2.1.0", "<PackageReference Include=\"AsyncFixer\" Version=\"2.1.0\" PrivateAssets=\"all\" />"),
        };

        private static async Task<int> Main(string[] args)
        {
            var repository = typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
            if (args.Length > 0)
            {
                // Anything on the command line is the real-project mode (--project, --file, ...).
                return await RealProject.RunAsync(repository, args);
            }

            var root = Path.Combine(Path.GetTempPath(), "asyncrules-keystroke-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            var source = BigFile.Generate(Services);
            Console.WriteLine($"csharp-ls, analyzers on; one file of {source.Split('\n').Length} lines; {WarmupEdits} warm-up and {MeasuredEdits} measured edits per set; {Environment.ProcessorCount} cores.");
            var servers = new List<(string Name, LanguageServer Server, string File)>();
            var results = new List<(string Name, double[] Times)>();
            try
            {
                foreach (var (name, packages) in Variants)
                {
                    var directory = Path.Combine(root, "v" + servers.Count);
                    var file = Write(directory, packages, source);
                    Console.Error.WriteLine($"{name}: restoring, starting csharp-ls, loading...");
                    if (!await RunAsync(directory, "restore"))
                    {
                        Console.Error.WriteLine($"error: `dotnet restore` failed for {name}; is the package source reachable?");
                        return 1;
                    }

                    servers.Add((name, await LoadAsync(repository, directory, file, source), file));
                }

                // Round robin, one keystroke per server in turn: whatever else the machine does meanwhile falls on every
                // analyzer set alike.
                var times = servers.Select(_ => new List<double>()).ToList();
                var lines = source.Split('\n');
                var line = Array.FindIndex(lines, l => l.Contains(BigFile.EditMarker, StringComparison.Ordinal));
                var column = lines[line].IndexOf(BigFile.EditMarker, StringComparison.Ordinal) + BigFile.EditMarker.Length;
                for (var edit = 0; edit < WarmupEdits + MeasuredEdits; edit++)
                {
                    for (var i = 0; i < servers.Count; i++)
                    {
                        var elapsed = await KeystrokeAsync(servers[i].Server, servers[i].File, line, column, insert: edit % 2 == 0);
                        if (edit >= WarmupEdits)
                        {
                            times[i].Add(elapsed);
                        }
                    }
                }

                results.AddRange(servers.Select((s, i) => (s.Name, times[i].ToArray())));
            }
            catch (InvalidOperationException e) when (e.Message.Contains("csharp-ls", StringComparison.Ordinal))
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 1;
            }
            catch (TimeoutException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 1;
            }
            finally
            {
                foreach (var server in servers)
                {
                    await server.Server.DisposeAsync();
                }

                try
                {
                    Directory.Delete(root, recursive: true);
                }
                catch (IOException)
                {
                }
            }

            Report(results);
            return 0;
        }

        private static string Write(string directory, string packages, string source)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />\n");
            File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />\n");
            File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>\n");
            if (packages == "ASYNCRULES")
            {
                var lines = new List<string>();
                foreach (var dll in new[] { "AsyncRules.Analyzers.dll", "AsyncRules.CodeFixes.dll" })
                {
                    File.Copy(Path.Combine(AppContext.BaseDirectory, dll), Path.Combine(directory, dll));
                    lines.Add($"<Analyzer Include=\"{Path.Combine(directory, dll)}\" />");
                }

                packages = string.Join("\n    ", lines);
            }

            File.WriteAllText(Path.Combine(directory, "Bench.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    {packages}
                  </ItemGroup>
                </Project>

                """);
            File.WriteAllText(Path.Combine(directory, "Bench.sln"), "\r\nMicrosoft Visual Studio Solution File, Format Version 12.00\r\n" +
                "Project(\"{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}\") = \"Bench\", \"Bench.csproj\", \"{11111111-2222-3333-4444-555555555555}\"\r\nEndProject\r\n" +
                "Global\r\n\tGlobalSection(SolutionConfigurationPlatforms) = preSolution\r\n\t\tDebug|Any CPU = Debug|Any CPU\r\n\tEndGlobalSection\r\n" +
                "\tGlobalSection(ProjectConfigurationPlatforms) = postSolution\r\n\t\t{11111111-2222-3333-4444-555555555555}.Debug|Any CPU.ActiveCfg = Debug|Any CPU\r\n" +
                "\t\t{11111111-2222-3333-4444-555555555555}.Debug|Any CPU.Build.0 = Debug|Any CPU\r\n\tEndGlobalSection\r\nEndGlobal\r\n");
            var file = Path.Combine(directory, "Services.cs");
            File.WriteAllText(file, source);
            return file;
        }

        private static async Task<LanguageServer> LoadAsync(string repository, string directory, string file, string source)
        {
            var server = await LanguageServer.StartAsync(repository, directory);
            await server.OpenAsync(file, source);
            var loaded = Stopwatch.StartNew();
            while (!(await server.PullDiagnosticsAsync(file, PullTimeout)).Any(d => d.Code == "CS1030"))
            {
                if (loaded.Elapsed > TimeSpan.FromMinutes(5))
                {
                    await server.DisposeAsync();
                    throw new TimeoutException("csharp-ls did not load the benchmark project within 5 minutes. " + server.Tail());
                }

                await Task.Delay(500);
            }

            return server;
        }

        /// <summary>
        /// One keystroke: a character typed into (or deleted from) a string literal in the middle of the file, so every
        /// edit changes the document and the code stays what it was; then the pull. Milliseconds from change to answer.
        /// </summary>
        internal static async Task<double> KeystrokeAsync(LanguageServer server, string file, int line, int column, bool insert)
        {
            var clock = Stopwatch.StartNew();
            if (insert)
            {
                await server.ChangeAsync(file, line, column, line, column, "x");
            }
            else
            {
                await server.ChangeAsync(file, line, column, line, column + 1, string.Empty);
            }

            await server.PullDiagnosticsAsync(file, PullTimeout);
            return clock.Elapsed.TotalMilliseconds;
        }

        private static void Report(List<(string Name, double[] Times)> results)
        {
            static double Percentile(double[] sorted, double p) => sorted[(int)Math.Round(p * (sorted.Length - 1))];
            var baseline = Median(results[0].Times);
            var asyncRules = Median(results[1].Times) - baseline;
            Console.WriteLine();
            Console.WriteLine("| analyzers | median ms per keystroke | p10–p90 ms | added ms per keystroke | AsyncRules' added cost ÷ this one's |");
            Console.WriteLine("|---|---|---|---|---|");
            foreach (var (name, times) in results)
            {
                var sorted = times.OrderBy(t => t).ToArray();
                var median = Median(times);
                var added = median - baseline;
                var ratio = name == results[0].Name || name == results[1].Name ? "" : added > 0 ? (asyncRules / added).ToString("0.00", CultureInfo.InvariantCulture) : "n/a (no added cost)";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {median:0} | {Percentile(sorted, 0.1):0}–{Percentile(sorted, 0.9):0} | {(name == results[0].Name ? "—" : added.ToString("+0;-0", CultureInfo.InvariantCulture))} | {ratio} |"));
            }
        }

        internal static double Median(double[] times)
        {
            var sorted = times.OrderBy(t => t).ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }

        private static async Task<bool> RunAsync(string directory, string command)
        {
            var start = new ProcessStartInfo("dotnet", command) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                Console.Error.WriteLine(await output + await error);
            }

            return process.ExitCode == 0;
        }
    }
}
