using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security;
using System.Text;
using System.Threading.Tasks;
using AsyncRules.EditorTests.Lsp;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Newtonsoft.Json.Linq;

namespace AsyncRules.Bench
{
    /// <summary>
    /// The cost of a keystroke on a real project: csharp-ls (analyzers on) loads a .csproj or .sln from disk, in a private
    /// copy, twice (two servers): once without third-party analyzers and once with AsyncRules added. Keystrokes go into one
    /// file of it, each followed by a diagnostic pull, in interleaved rounds (A, B, A, B), so a slow spell of the shared
    /// machine falls on one round and not on one analyzer set.
    /// </summary>
    /// <remarks>
    /// Nothing of the project is edited. Both sets are injected into the copy's build the way bench/RealCode does it, through
    /// <c>CustomAfterMicrosoftCommonTargets</c>, here an environment variable of the server (MSBuild reads environment
    /// variables as properties, and csharp-ls takes no MSBuild properties): a .targets file that takes the analyzers of NuGet
    /// packages out (not the SDK's own, not source generators, not an analyzer the repository builds itself), adds AsyncRules
    /// for the second set, and adds a small marker file that proves which set a server has loaded.
    /// </remarks>
    internal static class RealProject
    {
        private const string MarkerFolder = ".asyncrules-keystroke";
        private const string MarkerFile = "AsyncRulesKeystrokeMarker.cs";
        private const string SolutionName = "AsyncRules.Keystroke.sln";

        /// <summary>A rule of AsyncRules the marker file breaks, at warning by default (and set so in the marker's folder).</summary>
        private const string MarkerRule = "ASYNC002";

        private static readonly TimeSpan PullTimeout = TimeSpan.FromMinutes(5);

        private static readonly HashSet<string> NotCopied = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", ".vs", "TestResults", "node_modules" };

        private static readonly string[] RootMarkers = { "global.json", "Directory.Build.props", "NuGet.config", "nuget.config", "NuGet.Config" };

        private const string Usage = """
            usage: dotnet run -c Release --project bench/EditorKeystroke -- --project <.csproj|.sln|.slnx> --file <file.cs> [options]
              --project PATH     the project or solution csharp-ls loads (in a private copy of its repository)
              --file PATH        the file typed into (absolute, or relative to the current folder or to the project's folder)
              --keystrokes N     measured keystrokes per round (default 40)
              --rounds N         rounds per analyzer set, interleaved A, B, A, B (default 2)
              --warmup N         keystrokes per server before the first round, not measured (default 6)
              --at LINE:COL      where to type (1-based; a spot where a character typed and deleted keeps the file compiling);
                                 default: inside the string literal nearest the middle of the file, else a // comment
              --root DIR         the repository root that is copied (default: the nearest folder above the project with .git,
                     else the topmost with a global.json, Directory.Build.props, NuGet.config or solution file)
              --no-build         only restore the copy; by default it is built once (Debug, analyzers off) so that project
                                 references and source generators the project builds itself have their output
              --load-timeout S   seconds to wait for csharp-ls to load the project (default 900)
              --keep-work        keep the temporary folder (the copy, the injected files, the servers' logs)
            """;

        private sealed record Options(string Project, string File, int Keystrokes, int Rounds, int Warmup, (int Line, int Column)? At, string? Root, bool Build, TimeSpan LoadTimeout, bool KeepWork);

        private sealed class UserError : Exception
        {
            public UserError(string message)
                : base(message)
            {
            }
        }

        private sealed record Variant(string Name, bool WithAsyncRules);

        private sealed record Loaded(Variant Variant, LanguageServer Server, TimeSpan LoadTime, int Errors);

        public static async Task<int> RunAsync(string repository, string[] args)
        {
            Options options;
            try
            {
                options = Parse(args);
            }
            catch (UserError e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                Console.Error.WriteLine(Usage);
                return 1;
            }

            var work = Path.Combine(Path.GetTempPath(), "asyncrules-keystroke-real-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            var servers = new List<Loaded>();
            try
            {
                return await RunAsync(repository, options, work, servers);
            }
            catch (UserError e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 1;
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
                    if (options.KeepWork)
                    {
                        File.WriteAllLines(Path.Combine(work, $"csharp-ls-{(server.Variant.WithAsyncRules ? "B" : "A")}.log"), server.Server.Messages);
                    }

                    await server.Server.DisposeAsync();
                }

                if (options.KeepWork)
                {
                    Console.Error.WriteLine($"kept: {work}");
                }
                else
                {
                    try
                    {
                        Directory.Delete(work, recursive: true);
                    }
                    catch (IOException)
                    {
                    }
                    catch (UnauthorizedAccessException)
                    {
                    }
                }
            }
        }

        private static async Task<int> RunAsync(string repository, Options options, string work, List<Loaded> servers)
        {
            var project = Path.GetFullPath(options.Project);
            if (!File.Exists(project))
            {
                throw new UserError($"{options.Project}: no such project or solution file");
            }

            if (Path.GetExtension(project).ToLowerInvariant() is not (".csproj" or ".sln" or ".slnx"))
            {
                throw new UserError($"{options.Project} is not a .csproj, .sln or .slnx file");
            }

            var file = new[] { Path.GetFullPath(options.File), Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, options.File)) }.FirstOrDefault(File.Exists)
                ?? throw new UserError($"{options.File}: no such file (looked in the current folder and beside {Path.GetFileName(project)})");
            var root = options.Root is null ? FindRoot(project) : Path.GetFullPath(options.Root);
            if (!Directory.Exists(root))
            {
                throw new UserError($"--root {options.Root}: no such folder");
            }

            foreach (var path in new[] { project, file })
            {
                if (Path.GetRelativePath(root, path).StartsWith("..", StringComparison.Ordinal))
                {
                    throw new UserError($"{path} is not inside the repository root {root} (set it with --root)");
                }
            }

            // Fails with a plain message (csharp-ls not restored) before minutes go into copying and building.
            await LanguageServer.CheckToolIsRestoredAsync(repository);

            var text = File.ReadAllText(file);
            var (line, column, where) = options.At is { } at ? (at.Line - 1, at.Column - 1, "the given spot") : FindTypingSpot(text);
            var lines = text.Split('\n');
            if (line < 0 || line >= lines.Length || column < 0 || column > lines[line].TrimEnd('\r').Length)
            {
                throw new UserError($"--at {line + 1}:{column + 1} is outside {Path.GetFileName(file)} ({lines.Length} lines)");
            }

            Directory.CreateDirectory(work);
            var copy = Path.Combine(work, "copy", Path.GetFileName(Path.TrimEndingDirectorySeparator(root)));
            Console.Error.WriteLine($"copying {root} to {copy}");
            CopyTree(root, copy);
            var copiedProject = Path.Combine(copy, Path.GetRelativePath(root, project));
            var copiedFile = Path.Combine(copy, Path.GetRelativePath(root, file));
            var marker = WriteMarker(copy);
            var removedDir = Path.Combine(work, "removed");
            Directory.CreateDirectory(removedDir);
            var analyzers = Path.Combine(work, "analyzers");
            Directory.CreateDirectory(analyzers);
            foreach (var dll in new[] { "AsyncRules.Analyzers.dll", "AsyncRules.CodeFixes.dll" })
            {
                File.Copy(Path.Combine(AppContext.BaseDirectory, dll), Path.Combine(analyzers, dll));
            }

            var solution = copiedProject;
            if (Path.GetExtension(project).Equals(".csproj", StringComparison.OrdinalIgnoreCase))
            {
                solution = Path.Combine(copy, SolutionName);
                WriteSolution(solution, Path.GetRelativePath(copy, copiedProject));
            }

            // The build gives project references and generators the project builds itself their output (csharp-ls's
            // design-time build does not build them); the project's own analyzers are off, it only has to produce outputs.
            var verb = options.Build ? "build" : "restore";
            Console.Error.WriteLine($"dotnet {verb} of the copy...");
            var buildLog = Path.Combine(work, verb + ".log");
            var arguments = new List<string> { verb, copiedProject, "-nologo", "-v", "q", "-p:TreatWarningsAsErrors=false" };
            if (options.Build)
            {
                arguments.AddRange(new[] { "-c", "Debug", "-p:RunAnalyzers=false" });
            }

            if (await DotnetAsync(work, arguments, buildLog) != 0)
            {
                var errors = File.ReadLines(buildLog).Where(l => l.Contains(" error ", StringComparison.Ordinal)).Distinct().Take(3).ToList();
                throw new UserError($"`dotnet {verb}` of the project failed, so csharp-ls could not load it either{(options.Build ? " (--no-build only restores)" : string.Empty)}:{Environment.NewLine}  "
                    + string.Join(Environment.NewLine + "  ", errors.Count > 0 ? errors : File.ReadLines(buildLog).TakeLast(5))
                    + Environment.NewLine + (options.KeepWork ? $"(the whole output: {buildLog})" : "(rerun with --keep-work to keep the whole output)"));
            }

            var variants = new[] { new Variant("no third-party analyzers", false), new Variant("AsyncRules", true) };
            foreach (var variant in variants)
            {
                var targets = WriteTargets(work, variant, marker, analyzers, removedDir);
                Console.Error.WriteLine($"{variant.Name}: starting csharp-ls, loading {Path.GetFileName(solution)}...");
                servers.Add(await LoadAsync(repository, copy, solution, targets, copiedFile, text, marker, variant, options.LoadTimeout));
                Console.Error.WriteLine($"{variant.Name}: loaded in {servers[^1].LoadTime.TotalSeconds:0} s");
            }

            var removed = Directory.EnumerateFiles(removedDir).SelectMany(File.ReadAllLines).Where(l => l.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(l => l, StringComparer.OrdinalIgnoreCase).ToList();

            // Warm-up; the first keystroke is an insertion, after which the file must have the errors it had before.
            var inserted = new bool[servers.Count];
            for (var i = 0; i < servers.Count; i++)
            {
                for (var k = 0; k < Math.Max(options.Warmup, 1); k++)
                {
                    await Program.KeystrokeAsync(servers[i].Server, copiedFile, line, column, insert: !inserted[i]);
                    inserted[i] = !inserted[i];
                    if (k == 0)
                    {
                        var after = (await servers[i].Server.PullDiagnosticsAsync(copiedFile, PullTimeout)).Count(d => d.Severity == 1);
                        if (after != servers[i].Errors)
                        {
                            throw new UserError($"typing at {line + 1}:{column + 1} ({where}) changes the file's errors in csharp-ls from {servers[i].Errors} to {after}; choose another spot with --at LINE:COL");
                        }
                    }
                }
            }

            var times = servers.Select(_ => new List<double[]>()).ToList();
            for (var round = 0; round < options.Rounds; round++)
            {
                for (var i = 0; i < servers.Count; i++)
                {
                    Console.Error.WriteLine($"round {round + 1} of {options.Rounds}: {servers[i].Variant.Name}");
                    var roundTimes = new double[options.Keystrokes];
                    for (var k = 0; k < options.Keystrokes; k++)
                    {
                        roundTimes[k] = await Program.KeystrokeAsync(servers[i].Server, copiedFile, line, column, insert: !inserted[i]);
                        inserted[i] = !inserted[i];
                    }

                    times[i].Add(roundTimes);
                }
            }

            // Does a pull analyze the file or the whole project? The same keystroke, then a pull of the marker file (a few
            // lines, of the same project): if that costs what the file's own pull costs, the work is the project's.
            var probes = new double[servers.Count];
            for (var i = 0; i < servers.Count; i++)
            {
                var probe = new double[3];
                for (var k = 0; k < probe.Length; k++)
                {
                    var clock = Stopwatch.StartNew();
                    await servers[i].Server.ChangeAsync(copiedFile, line, column, line, inserted[i] ? column + 1 : column, inserted[i] ? string.Empty : "x");
                    inserted[i] = !inserted[i];
                    await servers[i].Server.PullDiagnosticsAsync(marker, PullTimeout);
                    probe[k] = clock.Elapsed.TotalMilliseconds;
                }

                probes[i] = Program.Median(probe);
            }

            Report(options, project, file, lines.Length, line, column, where, lines[line], servers, times, probes, removed);
            return 0;
        }

        private static Options Parse(string[] args)
        {
            string? project = null, file = null, root = null;
            int keystrokes = 40, rounds = 2, warmup = 6, loadTimeout = 900;
            (int, int)? at = null;
            bool build = true, keep = false;
            for (var i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new UserError($"{args[i]} needs a value");
                int Number(int minimum)
                {
                    var name = args[i];
                    var value = Value();
                    return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= minimum
                        ? n
                        : throw new UserError($"{name} {value}: expected a whole number of at least {minimum}");
                }

                switch (args[i])
                {
                    case "--project": project = Value(); break;
                    case "--file": file = Value(); break;
                    case "--root": root = Value(); break;
                    case "--keystrokes": keystrokes = Number(1); break;
                    case "--rounds": rounds = Number(1); break;
                    case "--warmup": warmup = Number(0); break;
                    case "--load-timeout": loadTimeout = Number(1); break;
                    case "--no-build": build = false; break;
                    case "--keep-work": keep = true; break;
                    case "--at":
                        var spot = Value().Split(':');
                        at = spot.Length == 2 && int.TryParse(spot[0], NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l >= 1
                            && int.TryParse(spot[1], NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c >= 1
                            ? (l, c)
                            : throw new UserError("--at expects LINE:COL, both 1-based");
                        break;
                    case "-h" or "--help": throw new UserError("usage");
                    default: throw new UserError($"unknown option {args[i]}");
                }
            }

            if (project is null || file is null)
            {
                throw new UserError("the real-project mode needs --project and --file (without arguments the benchmark runs its generated file)");
            }

            return new Options(project, file, keystrokes, rounds, warmup, at, root, build, TimeSpan.FromSeconds(loadTimeout), keep);
        }

        /// <summary>The nearest folder above <paramref name="file"/> with .git, else the topmost one with a repository marker.</summary>
        private static string FindRoot(string file)
        {
            var start = Path.GetDirectoryName(file)!;
            string? topmost = null;
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git")))
                {
                    return dir.FullName;
                }

                if (RootMarkers.Any(m => File.Exists(Path.Combine(dir.FullName, m))) || dir.EnumerateFiles("*.sln*").Any())
                {
                    topmost = dir.FullName;
                }
            }

            return topmost ?? start;
        }

        /// <summary>Copies the repository without build outputs; symbolic links stay links.</summary>
        private static void CopyTree(string from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
            {
                var target = Path.Combine(to, entry.Name);
                if (entry.LinkTarget is { } link)
                {
                    if (entry is DirectoryInfo)
                    {
                        Directory.CreateSymbolicLink(target, link);
                    }
                    else
                    {
                        File.CreateSymbolicLink(target, link);
                    }
                }
                else if (entry is DirectoryInfo directory)
                {
                    if (!NotCopied.Contains(directory.Name))
                    {
                        CopyTree(directory.FullName, target);
                    }
                }
                else
                {
                    File.Copy(entry.FullName, target);
                }
            }
        }

        /// <summary>
        /// A few lines the injected .targets file adds to every project: a <c>#warning</c> that shows once the project is loaded,
        /// and a break of <see cref="MarkerRule"/> that shows only where AsyncRules is loaded. Its folder's .editorconfig sets both
        /// to warning for this file alone, whatever the repository's own settings say. A dot folder: no project's default globs
        /// take it in twice.
        /// </summary>
        private static string WriteMarker(string copy)
        {
            var folder = Path.Combine(copy, MarkerFolder);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, ".editorconfig"), $"[*.cs]\ndotnet_diagnostic.CS1030.severity = warning\ndotnet_diagnostic.{MarkerRule}.severity = warning\n");
            var marker = Path.Combine(folder, MarkerFile);
            File.WriteAllText(marker, """
                // Added by bench/EditorKeystroke to its private copy of the project; not part of the project.
                #warning asyncrules-keystroke: the project is loaded
                internal static class AsyncRulesKeystrokeMarker
                {
                    internal static void Probe() => new System.Collections.Generic.List<int>().ForEach(async x => await System.Threading.Tasks.Task.Yield());
                }

                """);
            return marker;
        }

        private static string WriteTargets(string work, Variant variant, string marker, string analyzers, string removedDir)
        {
            var name = variant.WithAsyncRules ? "B" : "A";
            var text = new StringBuilder();
            text.AppendLine("<Project>");
            text.AppendLine($"  <!-- Written by bench/EditorKeystroke for one run ({variant.Name}): the marker file{(variant.WithAsyncRules ? ", AsyncRules" : string.Empty)}, and no analyzer from a NuGet package");
            text.AppendLine("       the project references (the SDK's own stay, also those of packages the SDK references itself, and source generators,");
            text.AppendLine("       and analyzers the repository builds itself). -->");
            text.AppendLine("  <ItemGroup>");
            text.AppendLine($"    <Compile Include=\"{Escape(marker)}\" Link=\"{MarkerFile}\" />");
            if (variant.WithAsyncRules)
            {
                foreach (var dll in new[] { "AsyncRules.Analyzers.dll", "AsyncRules.CodeFixes.dll" })
                {
                    text.AppendLine($"    <Analyzer Include=\"{Escape(Path.Combine(analyzers, dll))}\" />");
                }
            }

            text.AppendLine("  </ItemGroup>");
            text.AppendLine("  <Target Name=\"AsyncRulesKeystrokeNoThirdPartyAnalyzers\" BeforeTargets=\"CoreCompile\">");
            // The packages the SDK references by itself (IsImplicitlyDefined: the ILLink analyzers of an AOT-compatible
            // library, ...) are the SDK's own analyzers, not a third party's.
            text.AppendLine("    <PropertyGroup>");
            text.AppendLine("      <_AsyncRulesKeystrokeSdkPackages>;@(PackageReference->WithMetadataValue('IsImplicitlyDefined', 'true')->ToLowerInvariant());</_AsyncRulesKeystrokeSdkPackages>");
            text.AppendLine("    </PropertyGroup>");
            text.AppendLine("    <ItemGroup>");
            text.AppendLine("      <_AsyncRulesKeystrokeThirdParty Include=\"@(Analyzer)\" Condition=\"'$(NuGetPackageRoot)' != '' and $([System.String]::Copy('%(FullPath)').StartsWith('$(NuGetPackageRoot)'))\" />");
            text.AppendLine("      <_AsyncRulesKeystrokeThirdParty Remove=\"@(_AsyncRulesKeystrokeThirdParty)\" Condition=\"$([System.Text.RegularExpressions.Regex]::IsMatch('%(Filename)', '(?i)generat|sourcegen'))\" />");
            text.AppendLine("      <_AsyncRulesKeystrokeThirdParty Remove=\"@(_AsyncRulesKeystrokeThirdParty)\" Condition=\"'%(NuGetPackageId)' != '' and $(_AsyncRulesKeystrokeSdkPackages.Contains(';$([System.String]::Copy('%(NuGetPackageId)').ToLowerInvariant());'))\" />");
            text.AppendLine("      <_AsyncRulesKeystrokeThirdParty Remove=\"@(_AsyncRulesKeystrokeThirdParty)\" Condition=\"Exists('%(FullPath)') and !$([System.IO.File]::ReadAllText('%(FullPath)').Contains('DiagnosticAnalyzerAttribute'))\" />");
            text.AppendLine("      <Analyzer Remove=\"@(_AsyncRulesKeystrokeThirdParty)\" />");
            text.AppendLine("    </ItemGroup>");
            text.AppendLine($"    <WriteLinesToFile File=\"{Escape(removedDir)}/{name}-$(MSBuildProjectName).txt\" Lines=\"@(_AsyncRulesKeystrokeThirdParty->'%(Filename)')\" Overwrite=\"true\" />");
            text.AppendLine("  </Target>");
            text.AppendLine("</Project>");
            var path = Path.Combine(work, $"AsyncRules.Keystroke.{name}.targets");
            File.WriteAllText(path, text.ToString());
            return path;
        }

        private static void WriteSolution(string path, string project)
        {
            var name = Path.GetFileNameWithoutExtension(project);
            File.WriteAllText(path, "\r\nMicrosoft Visual Studio Solution File, Format Version 12.00\r\n" +
                $"Project(\"{{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}}\") = \"{name}\", \"{project.Replace('/', '\\')}\", \"{{11111111-2222-3333-4444-555555555555}}\"\r\nEndProject\r\n" +
                "Global\r\n\tGlobalSection(SolutionConfigurationPlatforms) = preSolution\r\n\t\tDebug|Any CPU = Debug|Any CPU\r\n\tEndGlobalSection\r\n" +
                "\tGlobalSection(ProjectConfigurationPlatforms) = postSolution\r\n\t\t{11111111-2222-3333-4444-555555555555}.Debug|Any CPU.ActiveCfg = Debug|Any CPU\r\n" +
                "\t\t{11111111-2222-3333-4444-555555555555}.Debug|Any CPU.Build.0 = Debug|Any CPU\r\n\tEndGlobalSection\r\nEndGlobal\r\n");
        }

        /// <summary>
        /// Starts one server and waits until the project is loaded: the marker's <c>#warning</c> shows. Then checks that the
        /// analyzer set is the one asked for (the marker's AsyncRules result shows exactly where AsyncRules is loaded) and
        /// that the file belongs to a loaded project (csharp-ls answers a file outside every project with an empty report
        /// and no result ID; a loose file under a project's folder it attaches to that project).
        /// </summary>
        private static async Task<Loaded> LoadAsync(string repository, string copy, string solution, string targets, string file, string text, string marker, Variant variant, TimeSpan loadTimeout)
        {
            var clock = Stopwatch.StartNew();
            var environment = new Dictionary<string, string> { ["CustomAfterMicrosoftCommonTargets"] = targets };
            var server = await LanguageServer.StartAsync(repository, copy, environment: environment, solution: solution);
            try
            {
                await server.OpenAsync(file, text);
                IReadOnlyList<LspDiagnostic> diagnostics;
                while (!(diagnostics = await server.PullDiagnosticsAsync(marker, PullTimeout)).Any(d => d.Code == "CS1030"))
                {
                    var failed = server.Messages.FirstOrDefault(m => m.Contains("could not be loaded", StringComparison.Ordinal) || m.Contains("could not OpenProjectAsync", StringComparison.Ordinal));
                    if (failed is not null || server.HasExited)
                    {
                        throw new UserError($"csharp-ls did not load {Path.GetFileName(solution)} ({variant.Name}): {failed ?? "the server exited"}{Environment.NewLine}Last messages:{Environment.NewLine}{server.Tail(15)}");
                    }

                    if (clock.Elapsed > loadTimeout)
                    {
                        throw new UserError($"csharp-ls did not load {Path.GetFileName(solution)} within {loadTimeout.TotalSeconds:0} s ({variant.Name}; --load-timeout sets the limit). Last messages:{Environment.NewLine}{server.Tail(15)}");
                    }

                    await Task.Delay(1000);
                }

                var loadTime = clock.Elapsed;
                if (diagnostics.Any(d => d.Code == MarkerRule) != variant.WithAsyncRules)
                {
                    throw new UserError(variant.WithAsyncRules
                        ? $"csharp-ls loaded the project without AsyncRules: the injected .targets file ({targets}, through the environment variable CustomAfterMicrosoftCommonTargets) did not take effect; does the project set CustomAfterMicrosoftCommonTargets itself?"
                        : $"csharp-ls reports {MarkerRule} with no AsyncRules injected: the project references AsyncRules itself, so there is no set without it");
                }

                var report = await server.RequestAsync("textDocument/diagnostic", new JObject { ["textDocument"] = new JObject { ["uri"] = LanguageServer.DocumentUri(file) } }, PullTimeout) as JObject;
                if (report?["resultId"] is null || report["resultId"]!.Type == JTokenType.Null)
                {
                    throw new UserError($"{Path.GetFileName(file)} is not part of any project csharp-ls loaded from {Path.GetFileName(solution)} (it answers the file with no result); name a file of the project");
                }

                var errors = (report["items"] as JArray ?? new JArray()).OfType<JObject>().Select(LspDiagnostic.From).Where(d => d.Severity == 1).ToList();
                if (errors.Count > 0)
                {
                    Console.Error.WriteLine($"warning: {variant.Name}: csharp-ls shows {errors.Count} error(s) in {Path.GetFileName(file)}, so the project may not have loaded completely (the timings still stand for what it loaded); first: {string.Join("; ", errors.Take(3))}");
                }

                return new Loaded(variant, server, loadTime, errors.Count);
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }

        /// <summary>
        /// A spot where a typed character keeps the file compiling: just inside a plain string literal (not a constant, an
        /// attribute argument, a case label or pattern, a default value, nor under <c>#if</c>), the one nearest the middle of
        /// the file; else after the <c>//</c> of a line comment. Zero-based line and UTF-16 column.
        /// </summary>
        private static (int Line, int Column, string What) FindTypingSpot(string text)
        {
            var tree = CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Preview));
            var root = tree.GetRoot();
            var middle = tree.GetText().Lines.Count / 2;
            var conditional = root.DescendantTrivia(descendIntoTrivia: true)
                .Select(t => t.GetStructure()).OfType<IfDirectiveTriviaSyntax>()
                .Select(d => Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(d.FullSpan.Start, d.GetRelatedDirectives().Max(r => r.FullSpan.End)))
                .ToList();

            bool Plain(SyntaxToken token)
            {
                if (!token.IsKind(SyntaxKind.StringLiteralToken) || !token.Text.StartsWith('"') || token.Text.Contains('\n') || token.Parent is not LiteralExpressionSyntax)
                {
                    return false;
                }

                foreach (var node in token.Parent.Ancestors())
                {
                    switch (node)
                    {
                        case AttributeArgumentSyntax or CaseSwitchLabelSyntax or ConstantPatternSyntax or ParameterSyntax or PatternSyntax:
                        case FieldDeclarationSyntax field when field.Modifiers.Any(SyntaxKind.ConstKeyword):
                        case LocalDeclarationStatementSyntax local when local.IsConst:
                            return false;
                    }
                }

                return !conditional.Any(s => s.Contains(token.SpanStart));
            }

            var literal = root.DescendantTokens().Where(Plain).Select(t => tree.GetLineSpan(t.Span).StartLinePosition)
                .OrderBy(p => Math.Abs(p.Line - middle)).Cast<Microsoft.CodeAnalysis.Text.LinePosition?>().FirstOrDefault();
            if (literal is { } l)
            {
                return (l.Line, l.Character + 1, "inside a string literal");
            }

            var comment = root.DescendantTrivia().Where(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia)).Select(t => tree.GetLineSpan(t.Span).StartLinePosition)
                .OrderBy(p => Math.Abs(p.Line - middle)).Cast<Microsoft.CodeAnalysis.Text.LinePosition?>().FirstOrDefault();
            if (comment is { } c)
            {
                return (c.Line, c.Character + 2, "in a // comment");
            }

            throw new UserError("the file has no plain string literal and no // comment to type into; give a spot with --at LINE:COL");
        }

        private static void Report(Options options, string project, string file, int lineCount, int line, int column, string where, string source, List<Loaded> servers, List<List<double[]>> times, double[] probes, List<string> removed)
        {
            static double Percentile(double[] sorted, double p) => sorted[(int)Math.Round(p * (sorted.Length - 1))];
            static string Ms(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);
            static string Signed(double value) => value.ToString("+#,0;-#,0;0", CultureInfo.InvariantCulture);
            static string Percent(double value) => value.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " %";

            Console.WriteLine();
            Console.WriteLine($"csharp-ls, analyzers on; {project}; typing into {file} ({lineCount:#,0} lines) at {line + 1}:{column + 1}, {where}:");
            Console.WriteLine($"    {source.Trim()}");
            Console.WriteLine($"{options.Warmup} warm-up keystrokes per server, then {options.Rounds} rounds of {options.Keystrokes} keystrokes per set, interleaved (A, B, A, B); {Environment.ProcessorCount} cores; load average {LoadAverage()}.");
            Console.WriteLine($"Analyzers from NuGet packages taken out in both sets: {(removed.Count == 0 ? "none" : string.Join(", ", removed))}.");
            Console.WriteLine();
            Console.WriteLine("| analyzers | median ms per keystroke | p10–p90 ms | min–max ms | median of each round, ms | load s | errors in the file |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
            var medians = new double[servers.Count];
            for (var i = 0; i < servers.Count; i++)
            {
                var all = times[i].SelectMany(t => t).OrderBy(t => t).ToArray();
                medians[i] = Program.Median(all);
                var rounds = string.Join(", ", times[i].Select(r => Ms(Program.Median(r))));
                Console.WriteLine($"| {servers[i].Variant.Name} | {Ms(medians[i])} | {Ms(Percentile(all, 0.1))}–{Ms(Percentile(all, 0.9))} | {Ms(all[0])}–{Ms(all[^1])} | {rounds} | {servers[i].LoadTime.TotalSeconds:0} | {servers[i].Errors} |");
            }

            var added = medians[1] - medians[0];
            var pairs = Enumerable.Range(0, options.Rounds).Select(r =>
            {
                var a = Program.Median(times[0][r]);
                var b = Program.Median(times[1][r]);
                return $"{Signed(b - a)} ms ({Percent(100 * (b - a) / a)})";
            });
            Console.WriteLine();
            Console.WriteLine($"AsyncRules' added cost per keystroke: {Signed(added)} ms ({Percent(100 * added / medians[0])}) on the medians of all keystrokes; round by round: {string.Join(", ", pairs)}.");
            Console.WriteLine($"Whole project or file? After the same keystroke, a pull of a 6-line file of the same project took {string.Join(" and ", servers.Select((s, i) => $"{Ms(probes[i])} ms ({s.Variant.Name})"))}, median of 3: "
                + "csharp-ls analyzes the whole project on a pull when this is close to the file's own time.");
        }

        private static string LoadAverage()
        {
            try
            {
                return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
            }
            catch (IOException)
            {
                return "unknown";
            }
        }

        private static string Escape(string path)
        {
            var xml = SecurityElement.Escape(path) ?? path;
            return xml.Replace("%", "%25").Replace(";", "%3B").Replace("@", "%40").Replace("'", "%27");
        }

        private static async Task<int> DotnetAsync(string workingDirectory, IEnumerable<string> arguments, string logFile)
        {
            // Run from the temp folder: a global.json in the repository does not choose the SDK of this command.
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            using var process = Process.Start(start) ?? throw new UserError("could not start dotnet");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            await File.WriteAllTextAsync(logFile, await output + await error);
            return process.ExitCode;
        }
    }
}
