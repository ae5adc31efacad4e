using System;

namespace AsyncRules.EditorTests.Infrastructure
{
    /// <summary>The editor's copy of a document, kept in step with the changes sent to the server (LF line ends).</summary>
    public static class TextModel
    {
        /// <summary>The offset of a zero-based (line, UTF-16 column) position.</summary>
        public static int Offset(string text, int line, int character)
        {
            var offset = 0;
            for (var l = 0; l < line; l++)
            {
                offset = text.IndexOf('\n', offset) + 1;
                if (offset == 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(line), $"The text has no line {line}.");
                }
            }

            return offset + character;
        }

        public static (int Line, int Character) Position(string text, int offset)
        {
            var line = 0;
            var lineStart = 0;
            for (var i = 0; i < offset; i++)
            {
                if (text[i] == '\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            }

            return (line, offset - lineStart);
        }

        public static string Apply(string text, int startLine, int startCharacter, int endLine, int endCharacter, string newText)
        {
            var start = Offset(text, startLine, startCharacter);
            var end = Offset(text, endLine, endCharacter);
            return text.Substring(0, start) + newText + text.Substring(end);
        }
    }
}
