using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncRules.CodeFixes.Helpers
{
    /// <summary>
    /// Fix safety (the rule pages' "The code fix" sections): may an <c>await</c> be written at this spot of an async function without making code that
    /// does not compile? Not inside a <c>lock</c> body (CS1996), an unsafe context (CS4004), a catch filter (CS7094),
    /// a query clause that the compiler turns into a lambda (CS1995), a <c>catch</c>/<c>finally</c> before C# 6 (CS1985/CS1984),
    /// nor in a function that holds a ref-struct local, which an await could not preserve (CS4007/CS4012).
    /// </summary>
    internal static class AwaitPlacement
    {
        public static bool CanAwaitAt(SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var languageVersion = (node.SyntaxTree.Options as CSharpParseOptions)?.LanguageVersion ?? LanguageVersion.Latest;
            SyntaxNode child = node;
            SyntaxNode? function = null;
            for (var current = node.Parent; current is not null; child = current, current = current.Parent)
            {
                switch (current)
                {
                    case LockStatementSyntax lockStatement when lockStatement.Statement == child && function is null:
                    case UnsafeStatementSyntax:
                    case FixedStatementSyntax:
                    case CatchFilterClauseSyntax when function is null:
                    case QueryBodySyntax when function is null:
                    case JoinClauseSyntax join when join.InExpression != child && function is null:
                        return false;
                    case CatchClauseSyntax or FinallyClauseSyntax when function is null && languageVersion < LanguageVersion.CSharp6:
                        return false;
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax
                        when function is null:
                        function = current;
                        if (HasUnsafeModifier(current))
                        {
                            return false;
                        }

                        break;
                    case MemberDeclarationSyntax member when HasUnsafeModifier(member):
                        return false;
                }
            }

            return !DeclaresRefStructLocal(function ?? node.SyntaxTree.GetRoot(cancellationToken), semanticModel, cancellationToken);
        }

        /// <summary>True when <paramref name="node"/> is in an unsafe context: an <c>unsafe</c> block, member, local function or type.</summary>
        public static bool IsInUnsafeContext(SyntaxNode node)
        {
            for (var current = node; current is not null; current = current.Parent)
            {
                if (current is UnsafeStatementSyntax || HasUnsafeModifier(current))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HasUnsafeModifier(SyntaxNode node)
        {
            var modifiers = node switch
            {
                MemberDeclarationSyntax member => member.Modifiers,
                LocalFunctionStatementSyntax localFunction => localFunction.Modifiers,
                _ => default,
            };
            return modifiers.Any(SyntaxKind.UnsafeKeyword);
        }

        private static bool DeclaresRefStructLocal(SyntaxNode function, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            foreach (var descendant in function.DescendantNodes(n => n == function || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                if (descendant is VariableDeclaratorSyntax or SingleVariableDesignationSyntax or ForEachStatementSyntax
                    && semanticModel.GetDeclaredSymbol(descendant, cancellationToken) is ILocalSymbol local
                    && (local.Type.IsRefLikeType || local.IsRef))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
