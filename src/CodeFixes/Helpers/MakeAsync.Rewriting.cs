using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncRules.CodeFixes.Helpers
{
    internal static partial class MakeAsync
    {
        /// <summary>The function as the plan makes it (called on the current node, so edits nested in it are kept).</summary>
        internal static SyntaxNode Rewrite(SyntaxNode current, MakeAsyncPlan plan)
        {
            var function = RewriteReturns(current, plan.Returns);
            switch (function)
            {
                case MethodDeclarationSyntax method:
                    {
                        var (modifiers, returnType) = AddAsync(method.Modifiers, method.ReturnType);
                        return method.WithModifiers(modifiers).WithReturnType(NewReturnType(returnType, plan));
                    }

                case LocalFunctionStatementSyntax localFunction:
                    {
                        var (modifiers, returnType) = AddAsync(localFunction.Modifiers, localFunction.ReturnType);
                        return localFunction.WithModifiers(modifiers).WithReturnType(NewReturnType(returnType, plan));
                    }

                case AnonymousFunctionExpressionSyntax lambda:
                    return AddAsync(lambda);

                default:
                    return function;
            }
        }

        private static TypeSyntax NewReturnType(TypeSyntax returnType, MakeAsyncPlan plan)
            => plan.NewReturnType is null ? returnType : plan.NewReturnType.WithTriviaFrom(returnType);

        /// <summary>Adds <c>async</c> last among the modifiers; with none, it takes over the return type's leading trivia.</summary>
        private static (SyntaxTokenList Modifiers, TypeSyntax ReturnType) AddAsync(SyntaxTokenList modifiers, TypeSyntax returnType)
        {
            if (modifiers.Any(SyntaxKind.AsyncKeyword))
            {
                return (modifiers, returnType); // CS1624: an async Task<IEnumerable<T>> iterator only changes its return type
            }

            var asyncKeyword = SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space);
            if (modifiers.Count == 0)
            {
                return (SyntaxFactory.TokenList(asyncKeyword.WithLeadingTrivia(returnType.GetLeadingTrivia())), returnType.WithoutLeadingTrivia());
            }

            return (modifiers.Add(asyncKeyword), returnType);
        }

        private static SyntaxNode AddAsync(AnonymousFunctionExpressionSyntax lambda)
        {
            var asyncKeyword = SyntaxFactory.Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(SyntaxFactory.Space);
            if (lambda.Modifiers.Count > 0)
            {
                return lambda.WithModifiers(lambda.Modifiers.Add(asyncKeyword));
            }

            var leading = lambda.GetLeadingTrivia();
            return lambda.WithoutLeadingTrivia().WithModifiers(SyntaxFactory.TokenList(asyncKeyword.WithLeadingTrivia(leading)));
        }
    }
}
