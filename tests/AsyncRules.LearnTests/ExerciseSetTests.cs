using System.Collections.Generic;
using System.IO;
using System.Linq;
using AsyncRules.Learn.Exercises;
using Xunit;

namespace AsyncRules.LearnTests
{
    /// <summary>The exercises are the broken demos, found by their headers and ordered as the walkthrough goes.</summary>
    public sealed class ExerciseSetTests
    {
        [Fact]
        public void Every_broken_sample_is_an_exercise()
        {
            var set = ExerciseSet.FromTool();
            var samples = set.ProjectFiles.Where(f => f.Text.Contains("// Trips:")).Select(f => f.RelativePath).OrderBy(n => n).ToList();

            Assert.Equal(samples, set.Exercises.Select(e => e.File.RelativePath).OrderBy(n => n).ToList());
            Assert.Contains(set.Exercises, e => !e.Compiles);
            Assert.All(set.Exercises, e => Assert.False(e.EntryMethods.IsEmpty, e.Name));
        }

        [Fact]
        public void An_exercise_is_named_after_its_demo_without_the_rule_prefix_of_its_file()
        {
            var set = ExerciseSet.FromTool();
            var exercise = set.Find("CountAsyncWithThreadSleep")!;

            Assert.Equal("ASYNC030_CountAsyncWithThreadSleep.cs", Path.GetFileName(exercise.File.RelativePath));
            Assert.Equal("AsyncDemos.Broken.CountAsyncWithThreadSleep", exercise.TypeName);
            Assert.Equal("4-no-sleeping/CountAsyncWithThreadSleep.cs", exercise.WorkingPath);
            Assert.NotNull(set.Find("CountAsyncVoid")!.ReferenceText);
        }

        [Fact]
        public void Exercises_follow_the_walkthrough_await_only_in_async_then_awaitables_blocking_sleeping_streams_cancellation()
        {
            var set = ExerciseSet.FromTool();
            var families = set.Exercises.Select(e => e.Family.Number).ToList();

            Assert.Equal(families.OrderBy(f => f), families);
            Assert.Equal("CountWithAwaitInSyncMethod", set.Exercises[0].Name);
            Assert.Equal(new[] { 1, 2, 3, 4, 5, 6 }, families.Distinct().Take(6));
            Assert.Equal(Family.NeverBlock, set.Find("ChainWithResult")!.Family);
            Assert.Equal(Family.NoSleeping, set.Find("CountAsyncWithThreadSleep")!.Family);
            Assert.Equal(Family.AsyncStreams, set.Find("TickerDropped")!.Family);
            Assert.Equal(Family.Cancellation, set.Find("QueueConsumerIgnoringToken")!.Family);
            Assert.Equal("1-await-only-in-async-code/CountWithAwaitInSyncMethod.cs", set.Exercises[0].WorkingPath);
        }

        [Fact]
        public void A_broken_sample_added_later_becomes_an_exercise_in_its_place_without_code_changes()
        {
            var tool = ExerciseSet.FromTool();
            var files = tool.ProjectFiles.ToList();
            files.Add(new SourceFile("ChainWithCallbacksAddedLater.cs", "// Mistake: a chain written with ContinueWith callbacks.\n// Trips: ASYNC006\nnamespace AsyncDemos.Broken;\n\ninternal static class ChainWithCallbacksAddedLater\n{\n    public static System.Threading.Tasks.Task RunAsync() => System.Threading.Tasks.Task.CompletedTask;\n}\n"));
            files.Add(new SourceFile("NonCompiling/TickerAddedLater.cs", "// Mistake: an async iterator returns another stream.\n// Trips: CS1622\nnamespace AsyncDemos.Broken.NonCompiling;\n\ninternal record Tick(int Number);\n\ninternal static class TickerAddedLater\n{\n    public static int Ticks() => 0;\n\n    public static int TwoTickers() => 0;\n\n    private static int Helper() => 0;\n}\n"));

            var set = ExerciseSet.Create(files, new Dictionary<string, string>(), tool.Docs, "<StartupObject>AsyncDemos.Broken.Program</StartupObject>");

            Assert.Equal(tool.Exercises.Length + 2, set.Exercises.Length);
            var chain = set.Find("ChainWithCallbacksAddedLater")!;
            Assert.Equal(Family.Callbacks, chain.Family);
            Assert.All(set.Exercises.Where(e => e.Family != Family.Callbacks), e => Assert.True(e.Number < chain.Number)); // the walkthrough's last part
            var ticker = set.Find("TickerAddedLater")!;
            Assert.Equal(Family.AsyncStreams, ticker.Family);
            Assert.False(ticker.Compiles);
            Assert.Equal("AsyncDemos.Broken.NonCompiling.TickerAddedLater", ticker.TypeName); // not the record before it
            Assert.Equal(new[] { "Ticks", "TwoTickers" }, ticker.EntryMethods);
            Assert.Equal("A chain written with ContinueWith callbacks.", chain.Mistake);
            Assert.Equal("AsyncDemos.Broken.Program", set.StartupObject);
        }

        [Fact]
        public void The_header_gives_the_mistake_the_rules_and_the_marked_lines()
        {
            var exercise = ExerciseSet.FromTool().Find("CountAsyncWithThreadSleep")!;

            Assert.Equal(new[] { "ASYNC030" }, exercise.Ids);
            Assert.StartsWith("The coroutine pauses with Thread.Sleep", exercise.Mistake);
            Assert.DoesNotContain("dotnet run", exercise.Explanation);
            Assert.Equal(new[] { (24, "ASYNC030") }, exercise.Markers);
            Assert.Equal("AsyncDemos.Broken.CountAsyncWithThreadSleep", exercise.TypeName);
            Assert.Equal(new[] { "RunAsync" }, exercise.EntryMethods);
        }
    }
}
