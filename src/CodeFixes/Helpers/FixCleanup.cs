using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace AsyncRules.CodeFixes.Helpers
{
    /// <summary>
    /// The last step of every fix, run explicitly so it behaves the same in the IDE, in Fix All and in
    /// <c>dotnet format</c>: add the <c>using</c> directives that annotated names need, shorten those names, remove
    /// parentheses the rewrite did not need, and format only what the fix produced.
    /// </summary>
    internal static class FixCleanup
    {
        public static async Task<Document> CleanupAsync(Document document, CancellationToken cancellationToken)
        {
            document = await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            document = await Simplifier.ReduceAsync(document, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await Formatter.FormatAsync(document, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
