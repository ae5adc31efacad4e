using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace AsyncRules.Analyzers.Helpers
{
    /// <summary>
    /// For ASYNC001 (an async void method an event uses is an event handler): names of methods subscribed with <c>+=</c> (or
    /// wrapped in <c>new SomeHandler(M)</c>) anywhere in the compilation, generated code included. Built once per compilation
    /// and only when a type has a non-private async void method to ask about: a subscription from another type cannot be seen
    /// from inside the type, and reporting at compilation end would take the squiggle away from the editor. It reads the
    /// files' text, not their syntax trees: asking the trees would realize their nodes ahead of the compiler, a cost the
    /// telemetry showed. Text in comments or strings can only add names, which makes the rule quieter, never noisier.
    /// </summary>
    internal sealed class SubscribedElsewhere
    {
        /// <summary>How much source text is read at a time.</summary>
        internal const int ChunkSize = 8192;

        /// <summary>How much text after a <c>+=</c> or <c>new</c> is read to find the name.</summary>
        private const int Window = 512;

        private readonly System.Lazy<System.Collections.Generic.HashSet<string>> names;

        public SubscribedElsewhere(Compilation compilation)
            => names = new System.Lazy<System.Collections.Generic.HashSet<string>>(() => Collect(compilation), System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);

        public bool Contains(string name) => names.Value.Contains(name);

        private static System.Collections.Generic.HashSet<string> Collect(Compilation compilation)
        {
            var result = new System.Collections.Generic.HashSet<string>(System.StringComparer.Ordinal);
            var buffer = new char[ChunkSize + 4];
            var window = new char[Window];
            foreach (var tree in compilation.SyntaxTrees)
            {
                var text = tree.GetText();
                for (var start = 0; start < text.Length; start += ChunkSize)
                {
                    var count = System.Math.Min(ChunkSize + 4, text.Length - start);
                    text.CopyTo(start, buffer, 0, count);
                    for (var i = 0; i < count && i < ChunkSize; i++)
                    {
                        var isAddAssign = buffer[i] == '+' && i + 1 < count && buffer[i + 1] == '=';
                        var isNew = buffer[i] == 'n' && i + 3 < count && buffer[i + 1] == 'e' && buffer[i + 2] == 'w' && char.IsWhiteSpace(buffer[i + 3])
                            && (start + i == 0 || !IsNameChar(i > 0 ? buffer[i - 1] : PreviousChar(text, start + i)));
                        if (!isAddAssign && !isNew)
                        {
                            continue;
                        }

                        var length = System.Math.Min(Window, text.Length - (start + i));
                        text.CopyTo(start + i, window, 0, length);
                        if ((isAddAssign ? AfterAddAssign(window, length) : AfterNew(window, length)) is { } name)
                        {
                            result.Add(name);
                        }
                    }
                }
            }

            return result;
        }

        private static char PreviousChar(SourceText text, int position) => text[position - 1];

        /// <summary><c>+= M;</c>, <c>+= x.M;</c>: the last name of a dotted name followed by <c>;</c>, <c>)</c> or <c>,</c> (a method group).</summary>
        private static string? AfterAddAssign(char[] window, int length)
        {
            var i = SkipSpace(window, 2, length);
            return DottedName(window, ref i, length) is { } name && i < length && SkipSpace(window, i, length) is var end && end < length && window[end] is ';' or ')' or ','
                ? name
                : null;
        }

        /// <summary><c>new SomeHandler(M)</c>, <c>new SomeHandler(x.M)</c>: the last name of the one argument.</summary>
        private static string? AfterNew(char[] window, int length)
        {
            var i = SkipSpace(window, 3, length);
            if (DottedName(window, ref i, length) is null)
            {
                return null;
            }

            // Generic handler types: new EventHandler<T>(M).
            if (i < length && window[i] == '<')
            {
                var depth = 0;
                for (; i < length; i++)
                {
                    depth += window[i] == '<' ? 1 : window[i] == '>' ? -1 : 0;
                    if (depth == 0)
                    {
                        i++;
                        break;
                    }
                }
            }

            i = SkipSpace(window, i, length);
            if (i >= length || window[i] != '(')
            {
                return null;
            }

            i = SkipSpace(window, i + 1, length);
            var name = DottedName(window, ref i, length);
            i = SkipSpace(window, i, length);
            return name is not null && i < length && window[i] == ')' ? name : null;
        }

        /// <summary>Reads <c>a.b.C</c> (with <c>@</c> escapes) from <paramref name="i"/>; returns <c>C</c>, or null when no name starts there.</summary>
        private static string? DottedName(char[] window, ref int i, int length)
        {
            int lastStart = -1, lastLength = 0;
            while (i < length)
            {
                var start = i;
                if (window[i] == '@')
                {
                    start = ++i;
                }

                while (i < length && IsNameChar(window[i]))
                {
                    i++;
                }

                if (i == start || char.IsDigit(window[start]))
                {
                    return null;
                }

                (lastStart, lastLength) = (start, i - start);
                var next = SkipSpace(window, i, length);
                if (next < length && window[next] == '.')
                {
                    i = SkipSpace(window, next + 1, length);
                    continue;
                }

                break;
            }

            return lastStart < 0 ? null : new string(window, lastStart, lastLength);
        }

        private static int SkipSpace(char[] window, int i, int length)
        {
            while (i < length && char.IsWhiteSpace(window[i]))
            {
                i++;
            }

            return i;
        }

        private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c == '_';
    }
}
