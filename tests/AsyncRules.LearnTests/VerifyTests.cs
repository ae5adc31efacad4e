using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AsyncRules.Learn.Checking;
using Xunit;

namespace AsyncRules.LearnTests
{
    /// <summary>`verify`: every exercise checked headless; exit 0 only when all pass.</summary>
    [Collection("learn")]
    public sealed class VerifyTests
    {
        private readonly WarmChecker warm;

        public VerifyTests(WarmChecker warm) => this.warm = warm;

        [Fact]
        public async Task Every_exercise_starts_failing()
        {
            using var learner = new Learner(warm);
            await learner.CreateAsync();

            var report = await learner.VerifyJsonAsync(expectedCode: 1);

            Assert.Equal(0, report.GetProperty("passed").GetInt32());
            Assert.Equal(Learner.Set.Exercises.Length, report.GetProperty("total").GetInt32());
            foreach (var exercise in report.GetProperty("exercises").EnumerateArray())
            {
                Assert.False(exercise.GetProperty("passed").GetBoolean());
                var rules = Learner.Strings(exercise, "rules");
                var reported = exercise.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("id").GetString()).ToHashSet();
                Assert.True(rules.All(reported.Contains), $"{exercise.GetProperty("name")} should report {string.Join(", ", rules)}; it reports {string.Join(", ", reported)}");
                Assert.Contains(Learner.Strings(exercise, "problems"), p => rules.Any(id => p.StartsWith(id + " is still there", StringComparison.Ordinal)));
            }

            Assert.Equal(
                new[] { "CS4033 is still there (line 15), so it does not compile yet" },
                Learner.Strings(Learner.ExerciseIn(report, "CountWithAwaitInSyncMethod"), "problems"));
        }

        [Fact]
        public async Task Applying_AsyncRules_fixes_makes_every_exercise_pass()
        {
            using var learner = new Learner(warm);
            await learner.CreateAsync();
            var withoutFix = 0;
            foreach (var exercise in Learner.Set.Exercises)
            {
                var (text, applied) = await warm.Checker.Workspace.FixUntilDoneAsync(exercise, learner.Read(exercise.Name));
                if (applied.IsEmpty)
                {
                    // A rule that ships without a fix (ASYNC022): the last hint offers the reference solution instead.
                    Assert.Contains(exercise.Ids, id => !LearnWorkspace.CodeFixes.Any(f => f.FixableDiagnosticIds.Contains(id)));
                    text = (await warm.Checker.ReferencesAsync(exercise)).First().Text;
                    withoutFix++;
                }

                learner.Write(exercise.Name, text);
            }

            var report = await learner.VerifyJsonAsync(expectedCode: 0);

            Assert.Equal(Learner.Set.Exercises.Length, report.GetProperty("passed").GetInt32());
            Assert.True(withoutFix <= 1, $"{withoutFix} exercises have no AsyncRules fix");
        }

        [Fact]
        public async Task Verify_prints_one_line_per_exercise_and_a_total()
        {
            using var learner = new Learner(warm);
            await learner.CreateAsync();
            learner.Edit("CountAsyncWithThreadSleep", "Thread.Sleep(1000); // ASYNC030", "await Task.Delay(1000);");

            var run = await learner.RunAsync(string.Empty, "verify");

            Assert.Equal(1, run.Code);
            Assert.Contains("PASS 15 4-no-sleeping/CountAsyncWithThreadSleep.cs (3.00 s → 1.00 s)", run.Out);
            Assert.Contains("FAIL  1 1-await-only-in-async-code/CountWithAwaitInSyncMethod.cs", run.Out);
            Assert.Contains($"1 of {Learner.Set.Exercises.Length} exercises fixed for real (virtual clock).", run.Out);
        }

        [Fact]
        public async Task Verify_without_exercises_says_how_to_create_them()
        {
            using var learner = new Learner(warm);

            var run = await learner.RunAsync(string.Empty, "verify");

            Assert.Equal(2, run.Code);
            Assert.StartsWith("error: there are no exercises at ", run.Error);
            Assert.DoesNotContain("   at ", run.Error);
        }
    }
}
