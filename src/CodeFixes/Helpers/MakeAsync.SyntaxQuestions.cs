using System.Linq;
using System.Threading;
using AsyncRules.Analyzers.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncRules.CodeFixes.Helpers
{
    internal static partial class MakeAsync
    {
        internal static bool ContainsYield(SyntaxNode function)
            => function.DescendantNodes(n => n == function || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                .OfType<YieldStatementSyntax>().Any();
    }
}
