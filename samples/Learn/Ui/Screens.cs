using System.Collections.Generic;
using AsyncRules.Learn.Exercises;
using AsyncRules.Learn.Progress;

namespace AsyncRules.Learn.Ui
{
    internal static class Screens
    {
        public static IEnumerable<string> ListLines(ExerciseSet set, WorkingCopy copy, Style style, string? current)
        {
            foreach (var e in set.Exercises)
            {
                yield return $"{e.Number,2} {e.WorkingPath}";
            }
        }
    }
}
