using System;
using System.Linq;
using AsyncDemos.Tests.Infrastructure;
using Xunit;

namespace AsyncDemos.Tests
{
    /// <summary>The command line a learner types: help everywhere, and a bad argument named, never a stack trace.</summary>
    public class CommandLineTests
    {
        [Theory]
        [InlineData(new[] { "queue", "-p", "abc" }, "--producers must be a whole number, not 'abc'.")]
        [InlineData(new[] { "queue", "--producers", "1.5" }, "--producers must be a whole number, not '1.5'.")]
        [InlineData(new[] { "queue", "-c", "0" }, "--consumers must be between 1 and 1000, not 0.")]
        [InlineData(new[] { "queue", "-p", "0" }, "--producers must be between 1 and 1000, not 0.")]
        [InlineData(new[] { "queue", "-c", "5000" }, "--consumers must be between 1 and 1000, not 5000.")]
        [InlineData(new[] { "queue", "--seed", "x" }, "--seed must be a whole number, not 'x'.")]
        [InlineData(new[] { "chain", "9", "six" }, "chain takes whole numbers (like chain 9 6 3), not 'six'.")]
        [InlineData(new[] { "countasync", "--time-scale", "0" }, "--time-scale must be a number greater than 0 and at most 1000 (like 0.1), not '0'.")]
        [InlineData(new[] { "countsync", "--time-scale", "-1" }, "--time-scale must be a number greater than 0 and at most 1000 (like 0.1), not '-1'.")]
        [InlineData(new[] { "rand", "--time-scale", "fast" }, "--time-scale must be a number greater than 0 and at most 1000 (like 0.1), not 'fast'.")]
        [InlineData(new[] { "countasync", "--seed", "1" }, "Unrecognized command or argument '--seed'.")]
        [InlineData(new[] { "queue", "-p" }, "Required argument missing for option: '-p'.")]
        [InlineData(new[] { "bogus" }, "Unrecognized command or argument 'bogus'.")]
        [InlineData(new string[0], "Required command was not provided.")]
        public void A_bad_argument_is_named_and_the_exit_code_is_not_zero(string[] args, string message)
        {
            var run = DemoRunner.Run(args);

            Assert.NotEqual(0, run.ExitCode);
            Assert.Contains(message, run.Error);
            Assert.DoesNotContain("Exception", run.Output + run.Error);
            Assert.DoesNotContain("   at ", run.Output + run.Error);
            Assert.Equal(TimeSpan.Zero, run.Elapsed);
            Assert.DoesNotContain("executed in", run.Output);
        }

        [Theory]
        [InlineData("countsync", new[] { "--time-scale", "--timeline" })]
        [InlineData("countasync", new[] { "--time-scale", "--timeline" })]
        [InlineData("rand", new[] { "--time-scale", "--seed", "--timeline" })]
        [InlineData("chain", new[] { "--time-scale", "--seed", "--timeline", "<n>" })]
        [InlineData("queue", new[] { "--time-scale", "--seed", "--timeline", "-p, --producers", "-c, --consumers", "[default: 5]", "[default: 10]" })]
        public void Every_command_has_help_listing_its_options(string command, string[] expected)
        {
            foreach (var help in new[] { "--help", "-h" })
            {
                var run = DemoRunner.Run(command, help);

                Assert.Equal(0, run.ExitCode);
                Assert.Matches($@"Usage:\s+\S+ {command} ", run.Output);
                Assert.All(expected, e => Assert.Contains(e, run.Output));
                Assert.DoesNotContain("executed in", run.Output);
                Assert.Equal(TimeSpan.Zero, run.Elapsed);
            }
        }

        [Fact]
        public void The_root_help_lists_the_five_demos()
        {
            var run = DemoRunner.Run("--help");

            Assert.Equal(0, run.ExitCode);
            var commands = run.Lines.SkipWhile(l => l != "Commands:").Skip(1).Select(l => l.Trim().Split(' ')[0]).Where(c => c.Length > 0).ToArray();
            Assert.Equal(new[] { "countsync", "countasync", "rand", "chain", "queue" }, commands);
        }

        [Fact]
        public void Options_may_come_before_or_after_the_chain_numbers()
        {
            var before = DemoRunner.Run("chain", "--seed", "3", "9", "6");
            var after = DemoRunner.Run("chain", "9", "6", "--seed", "3");

            Assert.Equal(0, before.ExitCode);
            Assert.Equal(before.Output, after.Output);
            Assert.Contains("part1(9) sleeping for", before.Output);
        }
    }
}
