using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using AsyncRules.Learn;
using AsyncRules.Learn.Checking;
using AsyncRules.Learn.Exercises;
using AsyncRules.Learn.Running;
using AsyncRules.Learn.Ui;
using Xunit;

namespace AsyncRules.LearnTests
{
    /// <summary>One warm checker on the virtual clock for every test: the analyzers load and the project compiles once.</summary>
    public sealed class WarmChecker : IDisposable
    {
        internal ExerciseChecker Checker { get; } = new(ExerciseSet.FromTool(), RunMode.Virtual);

        public void Dispose() => Checker.Dispose();
    }

    [CollectionDefinition("learn")]
    public sealed class LearnCollection : ICollectionFixture<WarmChecker>
    {
    }

    /// <summary>
    /// A learner's folder in a temporary directory and the learn command run in it, in this process, with no terminal:
    /// keys are lines of input, output is captured. Runs use the virtual clock unless a test asks otherwise.
    /// </summary>
    internal sealed class Learner : IDisposable
    {
        private readonly WarmChecker warm;

        public Learner(WarmChecker warm)
        {
            this.warm = warm;
            Home = Path.Combine(Path.GetTempPath(), "asyncrules-learn-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Home);
        }

        /// <summary>The learner's current directory; the exercises go to Home/asyncrules-learn.</summary>
        public string Home { get; }

        public string Root => Path.Combine(Home, "asyncrules-learn");

        public static ExerciseSet Set => ExerciseSet.FromTool();

        public static Exercise Exercise(string name) => Set.Find(name) ?? throw new InvalidOperationException($"no exercise {name}");

        public string PathOf(string name) => Path.Combine(Root, Exercise(name).WorkingPath);

        public string Read(string name) => File.ReadAllText(PathOf(name));

        public void Write(string name, string text) => File.WriteAllText(PathOf(name), text);

        public void Edit(string name, string find, string replace)
        {
            var text = Read(name);
            Assert.Contains(find, text);
            Write(name, text.Replace(find, replace));
        }

        /// <summary>Runs the command; <paramref name="input"/> is what the learner types, one command per line.</summary>
        public async Task<Run> RunAsync(string input, params string[] args)
            => await RunAsync(input, terminal: false, new Dictionary<string, string?>(), args);

        public async Task<Run> RunAsync(string input, bool terminal, Dictionary<string, string?> environment, params string[] args)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var console = new LearnConsole(output, error, new StringReader(input), Home, environment) { OutputIsTerminal = terminal, KeysAvailable = false, Width = 120 };
            var code = await LearnApp.RunAsync(args, console, Set, default, warm.Checker);
            return new Run(code, output.ToString(), error.ToString());
        }

        /// <summary>The watch loop on the virtual clock, without watching files, fed <paramref name="keys"/> (one per line).</summary>
        public Task<Run> WatchAsync(string exercise, params string[] keys)
            => RunAsync(string.Join("\n", keys) + "\n", "watch", exercise, "--manual", "--clock", "virtual");

        /// <summary>Creates the working copy (the first run of the loop does), quitting at once.</summary>
        public async Task CreateAsync()
        {
            var run = await RunAsync("q\n", "--manual", "--clock", "virtual");
            Assert.Equal(0, run.Code);
        }

        public async Task<JsonElement> VerifyJsonAsync(int expectedCode)
        {
            var run = await RunAsync(string.Empty, "verify", "--json");
            Assert.True(run.Code == expectedCode, $"verify exited {run.Code}, expected {expectedCode}:\n{run.Out}\n{run.Error}");
            return JsonDocument.Parse(run.Out).RootElement;
        }

        public static JsonElement ExerciseIn(JsonElement report, string name)
            => report.GetProperty("exercises").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);

        public static string[] Strings(JsonElement element, string property)
            => element.GetProperty(property).EnumerateArray()
                .Select(e => e.ValueKind == JsonValueKind.Object ? $"{e.GetProperty("where").GetString()}: {e.GetProperty("what").GetString()}" : e.GetString() ?? string.Empty)
                .ToArray();

        public void Dispose()
        {
            try
            {
                Directory.Delete(Home, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    internal sealed record Run(int Code, string Out, string Error)
    {
        public override string ToString() => $"exit {Code}\n--- out\n{Out}\n--- error\n{Error}";
    }
}
