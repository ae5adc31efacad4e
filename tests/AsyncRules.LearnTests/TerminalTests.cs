using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using AsyncRules.Learn.Ui;
using Xunit;

namespace AsyncRules.LearnTests
{
    /// <summary>Clean terminal behaviour: plain text when redirected or NO_COLOR, links and colour on a terminal, clear errors.</summary>
    [Collection("learn")]
    public sealed class TerminalTests
    {
        private readonly WarmChecker warm;

        public TerminalTests(WarmChecker warm) => this.warm = warm;

        [Fact]
        public async Task Redirected_output_is_plain_text()
        {
            using var learner = new Learner(warm);
            await learner.CreateAsync();

            var run = await learner.WatchAsync("CountAsyncWithThreadSleep", "h", "q");

            Assert.DoesNotContain("\u001b", run.Out, System.StringComparison.Ordinal);
            Assert.Contains("asyncrules-learn/4-no-sleeping/CountAsyncWithThreadSleep.cs:25:9 ASYNC030", run.Out);
            Assert.Contains("─────", run.Out); // a separator instead of clearing the screen
        }

        [Fact]
        public async Task On_a_terminal_the_screen_is_cleared_coloured_and_files_are_clickable()
        {
            using var learner = new Learner(warm);
            await learner.CreateAsync();

            var run = await learner.RunAsync("q\n", terminal: true, new Dictionary<string, string?>(), "watch", "CountAsyncWithThreadSleep", "--manual", "--clock", "virtual");

            Assert.Contains("\u001b[2J", run.Out, System.StringComparison.Ordinal);
            Assert.Contains("\u001b[31m", run.Out, System.StringComparison.Ordinal);
            Assert.Contains("\u001b]8;;file://", run.Out, System.StringComparison.Ordinal);
            Assert.Contains("CountAsyncWithThreadSleep.cs:25:9\u001b]8;;\u001b\\", run.Out, System.StringComparison.Ordinal);
        }

        [Fact]
        public async Task NO_COLOR_and_no_clear_keep_a_terminal_plain()
        {
            using var learner = new Learner(warm);
            await learner.CreateAsync();

            var run = await learner.RunAsync("q\n", terminal: true, new Dictionary<string, string?> { ["NO_COLOR"] = "1" }, "watch", "CountAsyncWithThreadSleep", "--manual", "--no-clear", "--clock", "virtual");

            Assert.DoesNotContain("\u001b", run.Out, System.StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_bad_option_is_one_clear_line_and_help_lists_the_commands()
        {
            using var learner = new Learner(warm);

            var bad = await learner.RunAsync(string.Empty, "--time-scale", "fast");
            Assert.Equal(2, bad.Code);
            Assert.Equal("error: --time-scale takes a number above 0, like 0.25; not 'fast'.\nRun with --help to see the commands.\n", bad.Error.Replace("\r\n", "\n"));

            var unknown = await learner.RunAsync(string.Empty, "frobnicate");
            Assert.Equal(2, unknown.Code);
            Assert.Contains("unknown command 'frobnicate'", unknown.Error);

            var help = await learner.RunAsync(string.Empty, "--help");
            Assert.Equal(0, help.Code);
            Assert.Contains("asyncrules-learn verify [--json]", help.Out);
            Assert.Contains("dev check", help.Out);
            Assert.False(Directory.Exists(learner.Root));
        }

        [Fact]
        public void A_polling_watch_is_announced_and_sees_a_save()
        {
            var folder = Directory.CreateTempSubdirectory("asyncrules-learn-watch").FullName;
            var file = Path.Combine(folder, "Exercise.cs");
            File.WriteAllText(file, "one");
            using var seen = new System.Threading.ManualResetEventSlim();
            using var watch = new FileWatch(folder, poll: true, manual: false, _ => null, _ => seen.Set(), _ => { });
            watch.Track(file);

            Assert.True(watch.Polling);
            Assert.Contains("checking your file every 0.5 s (--poll)", watch.Description);
            File.WriteAllText(file, "two, longer");
            Assert.True(seen.Wait(System.TimeSpan.FromSeconds(5)), "the poll did not see the save");
            Directory.Delete(folder, recursive: true);
        }

        [Fact]
        public void When_file_events_do_not_arrive_the_watch_switches_to_polling_and_says_so()
        {
            var folder = Directory.CreateTempSubdirectory("asyncrules-learn-watch").FullName;
            var file = Path.Combine(folder, "Exercise.cs");
            File.WriteAllText(file, "one");
            using var seen = new System.Threading.ManualResetEventSlim();
            string? announced = null;
            using var watch = new FileWatch(folder, poll: false, manual: false, _ => null, _ => seen.Set(), text => announced = text) { DropEvents = true };
            watch.Track(file);
            Assert.False(watch.Polling);

            File.WriteAllText(file, "two, longer");

            Assert.True(seen.Wait(System.TimeSpan.FromSeconds(6)), "the save was never reported");
            Assert.True(watch.Polling);
            Assert.StartsWith("File events did not arrive for your save, so the learn tool now checks your file every 0.5 s.", announced);
            Assert.Contains("a save arrived without a file event", watch.Description);
            Directory.Delete(folder, recursive: true);
        }

        [Fact]
        public void The_polling_variable_and_manual_mode_are_announced()
        {
            var folder = Directory.CreateTempSubdirectory("asyncrules-learn-watch").FullName;
            using (var polling = new FileWatch(folder, poll: false, manual: false, name => name == "DOTNET_USE_POLLING_FILE_WATCHER" ? "1" : null, _ => { }, _ => { }))
            {
                Assert.Contains("DOTNET_USE_POLLING_FILE_WATCHER is set", polling.Description);
            }

            using (var manual = new FileWatch(folder, poll: false, manual: true, _ => null, _ => { }, _ => { }))
            {
                Assert.Equal("manual mode: press r to check your file", manual.Description);
            }

            using (var events = new FileWatch(folder, poll: false, manual: false, _ => null, _ => { }, _ => { }))
            {
                Assert.False(events.Polling);
                Assert.Equal("watching your file: save it to check it", events.Description);
            }

            Directory.Delete(folder, recursive: true);
        }
    }
}
