using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using AsyncRules.Tests.Infrastructure;

namespace AsyncRules.EditorTests.Infrastructure
{
    /// <summary>
    /// A workspace generated under the temp directory for the server to open: one solution with copies of the samples,
    /// each project referencing the freshly built AsyncRules DLLs as <c>&lt;Analyzer&gt;</c> items (what the NuGet package
    /// adds). A copy keeps the server away from the repository's own build outputs and from other builds running there.
    /// <list type="bullet">
    /// <item>Broken: samples/AsyncDemos.Broken (the compiling files), a console app.</item>
    /// <item>NonCompiling: samples/AsyncDemos.Broken/NonCompiling, a library with compiler errors on purpose.</item>
    /// <item>Demos: samples/AsyncDemos, the correct demos (System.CommandLine from the package cache).</item>
    /// </list>
    /// </summary>
    public sealed class EditorWorkspace : IDisposable
    {
        private EditorWorkspace(string root)
        {
            Root = root;
        }

        public string Root { get; }

        public string BrokenDirectory => Path.Combine(Root, "Broken");

        public string NonCompilingDirectory => Path.Combine(Root, "NonCompiling");

        public string DemosDirectory => Path.Combine(Root, "Demos");

        /// <summary>A project whose only analyzer is <see cref="CanaryAnalyzer"/>, and one file that makes it throw.</summary>
        public string CanaryDirectory => Path.Combine(Root, "Canary");

        public string CanaryFile => Path.Combine(CanaryDirectory, "Canary.cs");

        public string CanaryAnalyzerPath => Path.Combine(Root, "analyzers", "Canary.dll");

        public static string RepositoryRoot => TestReferences.RepositoryRoot;

        public static async Task<EditorWorkspace> CreateAsync()
        {
            var root = Path.Combine(Path.GetTempPath(), "asyncrules-editor-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            var workspace = new EditorWorkspace(root);
            try
            {
                workspace.Write();
                await RunDotnetAsync(root, TimeSpan.FromMinutes(4), "restore", "Editor.sln").ConfigureAwait(false);
                return workspace;
            }
            catch
            {
                workspace.Dispose();
                throw;
            }
        }

        private void Write()
        {
            Directory.CreateDirectory(Root);
            var analyzers = Path.Combine(Root, "analyzers");
            Directory.CreateDirectory(analyzers);
            foreach (var name in new[] { "AsyncRules.Analyzers.dll", "AsyncRules.CodeFixes.dll" })
            {
                var built = Path.Combine(AppContext.BaseDirectory, name);
                if (!File.Exists(built))
                {
                    throw new InvalidOperationException($"{name} is not next to the tests ({AppContext.BaseDirectory}); build tests/AsyncRules.EditorTests.");
                }

                File.Copy(built, Path.Combine(analyzers, name));
            }

            // Nothing from /tmp's parents, no central package management: each project says what it needs.
            File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), "<Project />\n");
            File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />\n");
            File.WriteAllText(Path.Combine(Root, "Directory.Packages.props"), "<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>\n");

            var samples = Path.Combine(RepositoryRoot, "samples");
            CopySources(Path.Combine(samples, "AsyncDemos.Broken"), BrokenDirectory, recurse: false);
            CopySources(Path.Combine(samples, "AsyncDemos.Broken", "NonCompiling"), NonCompilingDirectory, recurse: false);
            CopySources(Path.Combine(samples, "AsyncDemos"), DemosDirectory, recurse: true);

            WriteProject(BrokenDirectory, "Broken", "Exe", packages: "");
            WriteProject(NonCompilingDirectory, "NonCompiling", "Library", packages: "");
            var commandLine = PackageVersion("System.CommandLine");
            WriteProject(DemosDirectory, "Demos", "Exe", packages: $"    <PackageReference Include=\"System.CommandLine\" Version=\"{commandLine}\" />\n");

            Directory.CreateDirectory(CanaryDirectory);
            CanaryAnalyzer.Emit(CanaryAnalyzerPath);
            File.WriteAllText(CanaryFile, CanaryAnalyzer.Document);
            File.WriteAllText(Path.Combine(CanaryDirectory, "Canary.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                  </PropertyGroup>
                  <ItemGroup>
                    <Analyzer Include="{Path.Combine(analyzers, "Canary.dll")}" />
                  </ItemGroup>
                </Project>

                """);

            File.WriteAllText(Path.Combine(Root, "Editor.sln"), Solution(("Broken", "Broken\\Broken.csproj"), ("NonCompiling", "NonCompiling\\NonCompiling.csproj"), ("Demos", "Demos\\Demos.csproj"), ("Canary", "Canary\\Canary.csproj")));
        }

        private static void CopySources(string from, string to, bool recurse)
        {
            foreach (var file in Directory.GetFiles(from, "*.cs", recurse ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly))
            {
                var relative = Path.GetRelativePath(from, file);
                var parts = relative.Split(Path.DirectorySeparatorChar);
                if (parts.Contains("bin") || parts.Contains("obj"))
                {
                    continue;
                }

                var target = Path.Combine(to, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }

        private void WriteProject(string directory, string name, string outputType, string packages)
        {
            var analyzers = Path.Combine(Root, "analyzers");
            File.WriteAllText(Path.Combine(directory, name + ".csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>{outputType}</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <LangVersion>latest</LangVersion>
                  </PropertyGroup>
                  <ItemGroup>
                {packages}    <Analyzer Include="{Path.Combine(analyzers, "AsyncRules.Analyzers.dll")}" />
                    <Analyzer Include="{Path.Combine(analyzers, "AsyncRules.CodeFixes.dll")}" />
                  </ItemGroup>
                </Project>

                """);
        }

        private static string PackageVersion(string id)
        {
            var props = XDocument.Load(Path.Combine(RepositoryRoot, "Directory.Packages.props"));
            return props.Descendants("PackageVersion").Single(e => (string?)e.Attribute("Include") == id).Attribute("Version")!.Value;
        }

        /// <summary>A Visual Studio solution file naming the projects (what `dotnet new sln --format sln` would make).</summary>
        public static string Solution(params (string Name, string Path)[] projects)
        {
            var text = new StringBuilder();
            text.Append("\r\nMicrosoft Visual Studio Solution File, Format Version 12.00\r\n# Visual Studio Version 17\r\n");
            var ids = projects.Select((p, i) => "{" + new Guid(i + 1, 0x1234, 0x5678, 1, 2, 3, 4, 5, 6, 7, 8).ToString().ToUpperInvariant() + "}").ToList();
            for (var i = 0; i < projects.Length; i++)
            {
                text.Append($"Project(\"{{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}}\") = \"{projects[i].Name}\", \"{projects[i].Path}\", \"{ids[i]}\"\r\nEndProject\r\n");
            }

            text.Append("Global\r\n\tGlobalSection(SolutionConfigurationPlatforms) = preSolution\r\n\t\tDebug|Any CPU = Debug|Any CPU\r\n\tEndGlobalSection\r\n");
            text.Append("\tGlobalSection(ProjectConfigurationPlatforms) = postSolution\r\n");
            foreach (var id in ids)
            {
                text.Append($"\t\t{id}.Debug|Any CPU.ActiveCfg = Debug|Any CPU\r\n\t\t{id}.Debug|Any CPU.Build.0 = Debug|Any CPU\r\n");
            }

            text.Append("\tEndGlobalSection\r\nEndGlobal\r\n");
            return text.ToString();
        }

        /// <summary>Runs dotnet and fails with its output (not a stack trace of ours) when it does not succeed.</summary>
        public static async Task RunDotnetAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
        {
            var (exitCode, output, error) = await DotnetCommand.RunAsync(workingDirectory, timeout, arguments).ConfigureAwait(false);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"`dotnet {string.Join(" ", arguments)}` failed with exit code {exitCode} in {workingDirectory}:{Environment.NewLine}{output}{error}");
            }
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A server that has not let go yet; the temp directory is cleaned up by the system.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}

namespace AsyncRules.Tests.Infrastructure
{
    using System;
    using System.Linq;

    /// <summary>Where the repository is (stamped into this assembly at build time).</summary>
    internal static class TestReferences
    {
        public static string RepositoryRoot { get; } = typeof(TestReferences).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryRoot").Value
            ?? throw new InvalidOperationException("Assembly metadata 'RepositoryRoot' is missing; rebuild the test project.");
    }
}
