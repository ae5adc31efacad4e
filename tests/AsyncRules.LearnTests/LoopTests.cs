using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace AsyncRules.LearnTests
{
    /// <summary>The watch loop as a learner uses it (keys as lines): verdicts, hints, moving on, progress, reset.</summary>
    [Collection("learn")]
    public sealed class LoopTests
    {
        private const string Sleep = "CountAsyncWithThreadSleep";
        private readonly WarmChecker warm;

        public LoopTests(WarmChecker warm) => this.warm = warm;

        [Fact]
        public async Task A_real_fix_shows_the_verdict_the_before_and_after_runs_and_the_reference_diff()
        {
            using var learner = new Learner(warm);
            await learner.CreateAsync();
            learner.Edit(Sleep, "Thread.Sleep(1000);", "await Task.Delay(1000);");

            var run = await learner.WatchAsync(Sleep, "q");

            Assert.Equal(0, run.Code);
            Assert.Contains("PASS: Fixed for real.", run.Out);
            Assert.Contains("Before 3.00 s → after 1.00 s", run.Out);
            Assert.Contains("3.00  countasync executed in 3.00 seconds.", run.Out);
            Assert.Contains("1.00  countasync executed in 1.00 seconds.", run.Out);
            Assert.Contains("count 3 |", run.Out); // the timelines
            Assert.Contains("Your file matches AsyncRules' fix line for line.", run.Out);
        }

        [Fact]
        public async Task A_pass_never_moves_on_by_itself()
        {
            using var learner = new Learner(warm);
            await learner.CreateAsync();
            learner.Edit(Sleep, "Thread.Sleep(1000);", "await Task.Delay(1000);");

            var run = await learner.WatchAsync(Sleep, "r", "r", "q");

            Assert.DoesNotContain("Exercise 16 of", run.Out);
            Assert.Contains("Exercise 15 of", run.Out);
        }

        [Fact]
        public async Task Hints_come_one_step_at_a_time_and_end_with_AsyncRules_fix_as_a_diff()
        {
            using var learner = new Learner(warm);
            await learner.CreateAsync();

            var run = await learner.WatchAsync(Sleep, "h", "h", "h", "h", "h", "q");

            var one = run.Out.IndexOf("Hint 1 of 4: the idea", System.StringComparison.Ordinal);
            var two = run.Out.IndexOf("Hint 2 of 4: the exact spot", System.StringComparison.Ordinal);
            var three = run.Out.IndexOf("Hint 3 of 4: the rule's page", System.StringComparison.Ordinal);
            var four = run.Out.IndexOf("Hint 4 of 4: AsyncRules' own fix", System.StringComparison.Ordinal);
            Assert.True(one > 0 && two > one && three > two && four > three, run.ToString());
            Assert.Contains("4-no-sleeping/CountAsyncWithThreadSleep.cs:25:9: ASYNC030", run.Out);
            Assert.Contains("https://github.com/asyncrules/AsyncRules/blob/main/docs/rules/ASYNC030.md", run.Out);
            Assert.Contains("-        Thread.Sleep(1000); // ASYNC030", run.Out);
            Assert.Contains("+        await Task.Delay(1000); // ASYNC030", run.Out);
            Assert.Contains("That was the last hint: a applies the fix above", run.Out);
            Assert.Contains("Thread.Sleep(1000);", learner.Read(Sleep)); // shown, not applied
            Assert.Contains($"pending {Sleep} - hints=4", File.ReadAllText(Path.Combine(learner.Root, ".learn", "progress.txt")));
        }

        [Fact]
        public async Task Applying_the_fix_of_the_last_hint_passes_and_marks_the_exercise_assisted()
        {
            using var learner = new Learner(warm);
            await learner.CreateAsync();

            var early = await learner.WatchAsync(Sleep, "a", "q");
            Assert.Contains("a applies AsyncRules' fix once you have seen it", early.Out);
            Assert.Contains("Thread.Sleep(1000);", learner.Read(Sleep));

            var run = await learner.WatchAsync(Sleep, "h", "h", "h", "h", "a", "q");

            Assert.Contains("Applied AsyncRules' fix for ASYNC030", run.Out);
            Assert.Contains("PASS: Fixed for real.", run.Out);
            Assert.Contains("await Task.Delay(1000);", learner.Read(Sleep));
            Assert.Contains($"assisted {Sleep} ", File.ReadAllText(Path.Combine(learner.Root, ".learn", "progress.txt")));
            Assert.Single(Directory.GetFiles(Path.Combine(learner.Root, ".learn", "backup"), "*.cs", SearchOption.AllDirectories));
        }

        [Fact]
        public async Task A_rule_without_a_fix_offers_the_reference_as_the_last_hint()
        {
            using var learner = new Learner(warm);
            await learner.CreateAsync();

            var run = await learner.WatchAsync("TickerDropped", "h", "h", "h", "h", "a", "q");

            Assert.Contains("ASYNC022 ships without a fix", run.Out);
            Assert.Contains("Applied the reference solution", run.Out);
            Assert.Contains("PASS: Fixed for real.", run.Out);
        }

        [Fact]
        public async Task Next_and_the_list_move_between_exercises_and_continue_at_a_number()
        {
            using var learner = new Learner(warm);
            await learner.CreateAsync();

            var run = await learner.WatchAsync(Sleep, "n", "l", "3", "q");

            Assert.Contains("Exercise 16 of", run.Out);
            Assert.Contains("4. no sleeping or blocking calls in a coroutine", run.Out);
            Assert.Contains("16 pending     ChainWithSyncFileRead ← continue here", run.Out);
            Assert.Contains("Exercise 3 of", run.Out);
        }

        [Fact]
        public async Task Progress_survives_a_restart_and_an_edit_after_passing_is_noticed()
        {
            using var learner = new Learner(warm);
            await learner.CreateAsync();
            learner.Edit(Sleep, "Thread.Sleep(1000);", "await Task.Delay(1000);");
            await learner.WatchAsync(Sleep, "q");

            // A new session: no exercise named, so it continues where the learner was.
            var again = await learner.RunAsync("q\n", "--manual", "--clock", "virtual");
            Assert.Contains($"Exercise 15 of {Learner.Set.Exercises.Length}: {Sleep}", again.Out);
            Assert.Contains($"1/{Learner.Set.Exercises.Length} done", again.Out);
            var list = await learner.RunAsync(string.Empty, "list");
            Assert.Contains($"15 done        {Sleep} ← continue here", list.Out);

            learner.Edit(Sleep, "await Task.Delay(1000);", "await Task.Delay(1000); // changed");
            var edited = await learner.RunAsync(string.Empty, "list");
            Assert.Contains($"15 done, edited since {Sleep}", edited.Out);
        }

        [Fact]
        public async Task Reset_in_the_loop_asks_first_then_restores_the_original_and_keeps_a_backup()
        {
            using var learner = new Learner(warm);
            await learner.CreateAsync();
            learner.Edit(Sleep, "Thread.Sleep(1000);", "Thread.Sleep(1); // mine");

            var declined = await learner.WatchAsync(Sleep, "x", "n", "q");
            Assert.Contains("Reset CountAsyncWithThreadSleep to its original?", declined.Out);
            Assert.Contains("Not reset.", declined.Out);
            Assert.Contains("// mine", learner.Read(Sleep));

            var accepted = await learner.WatchAsync(Sleep, "x", "y", "q");
            Assert.Contains("is back to its original", accepted.Out);
            Assert.Equal(Learner.Exercise(Sleep).OriginalText, learner.Read(Sleep));
            var backup = Assert.Single(Directory.GetFiles(Path.Combine(learner.Root, ".learn", "backup"), "*.cs", SearchOption.AllDirectories));
            Assert.Contains("// mine", File.ReadAllText(backup));
        }

        [Fact]
        public async Task Reset_from_the_command_line_one_or_all_keeps_backups()
        {
            using var learner = new Learner(warm);
            await learner.CreateAsync();
            learner.Edit(Sleep, "Thread.Sleep(1000);", "Thread.Sleep(2); // one");
            learner.Edit("ChainWithResult", ".Result;", ".Result; // two");

            var refused = await learner.RunAsync("n\n", "reset", Sleep);
            Assert.Equal(1, refused.Code);
            Assert.Contains("// one", learner.Read(Sleep));

            var one = await learner.RunAsync(string.Empty, "reset", Sleep, "--yes");
            Assert.Equal(0, one.Code);
            Assert.Equal(Learner.Exercise(Sleep).OriginalText, learner.Read(Sleep));

            var all = await learner.RunAsync("y\n", "reset", "--all");
            Assert.Equal(0, all.Code);
            Assert.Equal(Learner.Exercise("ChainWithResult").OriginalText, learner.Read("ChainWithResult"));
            var backups = Directory.GetFiles(Path.Combine(learner.Root, ".learn", "backup"), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText).ToList();
            Assert.Contains(backups, b => b.Contains("// one"));
            Assert.Contains(backups, b => b.Contains("// two"));
        }

        [Fact]
        public async Task A_missing_file_is_a_clear_message_and_x_brings_it_back()
        {
            using var learner = new Learner(warm);
            await learner.CreateAsync();
            File.Delete(learner.PathOf(Sleep));

            var run = await learner.WatchAsync(Sleep, "x", "y", "q");

            Assert.Contains("CountAsyncWithThreadSleep.cs is missing; press x", run.Out);
            Assert.Equal(Learner.Exercise(Sleep).OriginalText, learner.Read(Sleep));
            Assert.DoesNotContain("   at ", run.Out + run.Error);
        }

        [Fact]
        public async Task An_unreadable_progress_file_is_kept_aside_not_lost()
        {
            using var learner = new Learner(warm);
            await learner.CreateAsync();
            var progress = Path.Combine(learner.Root, ".learn", "progress.txt");
            File.WriteAllText(progress, "this is not a progress file\n");

            var run = await learner.WatchAsync(Sleep, "q");

            Assert.Contains("the progress file could not be read", run.Out);
            Assert.Equal("this is not a progress file\n", File.ReadAllText(progress + ".unreadable"));
        }
    }
}
