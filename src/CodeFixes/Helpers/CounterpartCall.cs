using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncRules.CodeFixes.Helpers
{
    /// <summary>
    /// Writes the call of an async counterpart in place of the sync call (CS4008, ASYNC031): the same receiver, type arguments
    /// and arguments under the counterpart's name, plus the in-scope token as a named argument when the counterpart takes one
    /// more (a CancellationToken). Returns null unless the new call binds to that very counterpart where the old one was.
    /// </summary>
    internal static class CounterpartCall
    {
        public static InvocationExpressionSyntax? TryBuild(InvocationExpressionSyntax invocation, IMethodSymbol method, IMethodSymbol counterpart, AsyncRules.Analyzers.Helpers.InScopeToken? token, SemanticModel semanticModel)
        {
            if (Rename(invocation, counterpart.Name) is not { } renamed)
            {
                return null;
            }

            renamed = WithoutInWhereTakenByValue(renamed, counterpart);

            // A counterpart that is a default interface member may refuse a token: it is called without one (an optional token
            // keeps its default; a required one means no call through it).
            var refusesToken = AsyncRules.Analyzers.Helpers.CancellationTokens.IsDefaultInterfaceMember(counterpart);
            if (counterpart.Parameters.Length == method.Parameters.Length + 1 && token is not null && !refusesToken)
            {

                var tokenParameter = counterpart.Parameters[counterpart.Parameters.Length - 1].Name;
                renamed = renamed.AddArgumentListArguments(
                    SyntaxFactory.Argument(SyntaxFactory.NameColon(tokenParameter), default, AsyncSyntax.NameOf(token)));
            }

            return semanticModel.GetSpeculativeSymbolInfo(invocation.SpanStart, renamed, SpeculativeBindingOption.BindAsExpression).Symbol is IMethodSymbol bound
                && SymbolEqualityComparer.Default.Equals(bound.OriginalDefinition, counterpart.OriginalDefinition)
                ? renamed
                : null;
        }

        /// <summary>
        /// <paramref name="built"/> (what <see cref="TryBuild"/> made of the original call) made again from <paramref name="current"/>,
        /// the same call as the editor holds it now: the counterpart's name, <c>in</c> dropped where <paramref name="built"/> dropped
        /// it, and the token argument <paramref name="built"/> added. So a fix nested in this call's arguments (Fix All over
        /// <c>w.Put(r.ReadLine())</c>) still finds its node. <paramref name="built"/> itself when the shapes do not match.
        /// </summary>
        public static InvocationExpressionSyntax Retarget(InvocationExpressionSyntax current, InvocationExpressionSyntax built)
        {
            var name = ((built.Expression as MemberAccessExpressionSyntax)?.Name ?? built.Expression as SimpleNameSyntax)?.Identifier.ValueText;
            var currentArguments = current.ArgumentList.Arguments;
            var builtArguments = built.ArgumentList.Arguments;
            if (name is null || currentArguments.Count > builtArguments.Count || Rename(current, name) is not { } renamed)
            {
                return built;
            }

            var arguments = renamed.ArgumentList.Arguments;
            for (var i = 0; i < currentArguments.Count; i++)
            {
                if (builtArguments[i].RefKindKeyword.IsKind(SyntaxKind.None) && !arguments[i].RefKindKeyword.IsKind(SyntaxKind.None))
                {
                    arguments = arguments.Replace(arguments[i], arguments[i].WithRefKindKeyword(default).WithLeadingTrivia(arguments[i].GetLeadingTrivia()));
                }
            }

            for (var i = currentArguments.Count; i < builtArguments.Count; i++)
            {
                arguments = arguments.Add(builtArguments[i]);
            }

            return renamed.WithArgumentList(renamed.ArgumentList.WithArguments(arguments));
        }

        /// <summary>For an extension method called as one (<c>query.ToList()</c>), the receiver's own type, whose extensions may hold the counterpart.</summary>
        public static ITypeSymbol? ReceiverType(InvocationExpressionSyntax invocation, IMethodSymbol method, SemanticModel semanticModel, System.Threading.CancellationToken cancellationToken)
            => method.ReducedFrom is not null && invocation.Expression is MemberAccessExpressionSyntax access
                ? semanticModel.GetTypeInfo(access.Expression, cancellationToken).Type
                : null;

        /// <summary><c>Write(in value)</c> → <c>WriteAsync(value)</c>: an <c>in</c> argument to a parameter the counterpart takes by value.</summary>
        private static InvocationExpressionSyntax WithoutInWhereTakenByValue(InvocationExpressionSyntax invocation, IMethodSymbol counterpart)
        {
            var arguments = invocation.ArgumentList.Arguments;
            return invocation.ReplaceNodes(
                arguments.Where(a => a.RefKindKeyword.IsKind(SyntaxKind.InKeyword)),
                (argument, _) =>
                {
                    var index = arguments.IndexOf(argument);
                    var parameter = argument.NameColon is { } name
                        ? counterpart.Parameters.FirstOrDefault(p => p.Name == name.Name.Identifier.ValueText)
                        : index < counterpart.Parameters.Length ? counterpart.Parameters[index] : null;
                    return parameter is { RefKind: RefKind.None }
                        ? argument.WithRefKindKeyword(default).WithLeadingTrivia(argument.GetLeadingTrivia())
                        : argument;
                });
        }

        private static InvocationExpressionSyntax? Rename(InvocationExpressionSyntax invocation, string name)
        {
            SimpleNameSyntax? Renamed(SimpleNameSyntax simple) => simple switch
            {
                IdentifierNameSyntax identifier => identifier.WithIdentifier(SyntaxFactory.Identifier(name).WithTriviaFrom(identifier.Identifier)),
                GenericNameSyntax generic => generic.WithIdentifier(SyntaxFactory.Identifier(name).WithTriviaFrom(generic.Identifier)),
                _ => null,
            };

            return invocation.Expression switch
            {
                SimpleNameSyntax simple when Renamed(simple) is { } renamed => invocation.WithExpression(renamed),
                MemberAccessExpressionSyntax access when Renamed(access.Name) is { } renamed => invocation.WithExpression(access.WithName(renamed)),
                _ => null,
            };
        }
    }
}
