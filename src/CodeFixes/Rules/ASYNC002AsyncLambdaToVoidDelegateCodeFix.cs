using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using AsyncRules.Analyzers;
using AsyncRules.Analyzers.Helpers;
using AsyncRules.CodeFixes.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace AsyncRules.CodeFixes.Rules
{
    /// <summary>
    /// ASYNC002 fixes, for the two shapes docs/rules/ASYNC002.md names; any other async lambda to a void delegate has no faithful fix.
    /// <list type="bullet">
    /// <item><c>list.ForEach(async x => body);</c> → <c>foreach (var x in list) { body }</c>: each item awaited in turn, in the
    /// enclosing coroutine.</item>
    /// <item><c>Parallel.ForEach(source[, options], async x => body);</c> → <c>await Parallel.ForEachAsync(source[, options],
    /// async (x, cancellationToken) => body);</c>, passing the in-scope token (<c>ForEachAsync(source, token, body)</c>) when there is one
    /// and no options.</item>
    /// </list>
    /// Both need the call to be a statement in async code where an await may go. The foreach form also needs a body with no
    /// <c>return</c> (it would leave the enclosing method) and a variable name that is free in the enclosing scope.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ASYNC002AsyncLambdaToVoidDelegateCodeFix))]
    public sealed class ASYNC002AsyncLambdaToVoidDelegateCodeFix : DocumentFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.AsyncLambdaToVoidDelegate);

        protected override string EquivalenceKey => "AsyncRules." + DiagnosticIds.AsyncLambdaToVoidDelegate;

        protected override string? GetTitle(Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
            => Shape(node, semanticModel, cancellationToken) switch
            {
                FixShape.ForEach => "Use 'foreach' and await each item",
                FixShape.ParallelForEachAsync => "Use 'await Parallel.ForEachAsync'",
                _ => null,
            };

        protected override void Fix(DocumentEditor editor, Diagnostic diagnostic, SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            var shape = Shape(node, semanticModel, cancellationToken);
            var lambda = (AnonymousFunctionExpressionSyntax)node;
            var statement = (ExpressionStatementSyntax)lambda.Parent!.Parent!.Parent!.Parent!;
            var invocation = (InvocationExpressionSyntax)statement.Expression;
            var parameter = Parameter(lambda)!;
            if (shape == FixShape.ForEach)
            {
                var receiver = ((MemberAccessExpressionSyntax)invocation.Expression).Expression;
                var body = lambda.Block ?? SyntaxFactory.Block(SyntaxFactory.ExpressionStatement((ExpressionSyntax)lambda.ExpressionBody!.WithoutTrivia()));
                var loop = SyntaxFactory.ForEachStatement(
                        parameter.Type ?? SyntaxFactory.IdentifierName("var"),
                        parameter.Identifier.WithoutTrivia(),
                        receiver.WithoutTrivia(),
                        body.WithoutTrivia())
                    .WithTriviaFrom(statement)
                    .WithAdditionalAnnotations(Formatter.Annotation);
                editor.ReplaceNode(statement, loop);
                return;
            }

            var tokenName = FreeName(semanticModel, lambda, "cancellationToken", "ct", "token");
            var tokenParameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(tokenName));
            if (parameter.Type is not null)
            {
                tokenParameter = tokenParameter.WithType(SyntaxFactory.ParseTypeName("System.Threading.CancellationToken").WithAdditionalAnnotations(Microsoft.CodeAnalysis.Simplification.Simplifier.Annotation, Microsoft.CodeAnalysis.Simplification.Simplifier.AddImportsAnnotation));
            }

            var newLambda = SyntaxFactory.ParenthesizedLambdaExpression(
                    lambda.Modifiers,
                    SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(new[] { parameter.WithoutTrivia(), tokenParameter })),
                    SyntaxFactory.Token(SyntaxKind.EqualsGreaterThanToken),
                    lambda.Block,
                    lambda.ExpressionBody)
                .WithTriviaFrom(lambda);
            var arguments = invocation.ArgumentList.Arguments;
            var newArguments = arguments.Replace(arguments.Last(), arguments.Last().WithExpression(newLambda));

            // Token-aware: with a token in scope and no ParallelOptions, use ForEachAsync(source, token, body).
            if (arguments.Count == 2 && KnownSymbols.For(semanticModel.Compilation) is { } symbols
                && CancellationTokens.FindInScope(semanticModel, invocation.SpanStart, symbols, cancellationToken) is { } inScope)
            {
                newArguments = newArguments.Insert(1, SyntaxFactory.Argument(AsyncSyntax.NameOf(inScope)));
            }
            var call = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    SyntaxFactory.ParseExpression("System.Threading.Tasks.Parallel").WithAdditionalAnnotations(Microsoft.CodeAnalysis.Simplification.Simplifier.Annotation, Microsoft.CodeAnalysis.Simplification.Simplifier.AddImportsAnnotation),
                    SyntaxFactory.IdentifierName("ForEachAsync")),
                invocation.ArgumentList.WithArguments(newArguments));
            editor.ReplaceNode(invocation, AsyncSyntax.AwaitInPlaceOf(invocation, call));
        }

        private enum FixShape
        {
            None,
            ForEach,
            ParallelForEachAsync,
        }

        private static FixShape Shape(SyntaxNode node, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            // The lambda must be the last argument of a call that is a whole statement in async code.
            if (node is not AnonymousFunctionExpressionSyntax lambda
                || Parameter(lambda) is not { } parameter
                || lambda.Parent is not ArgumentSyntax { NameColon: null } argument
                || argument.Parent is not ArgumentListSyntax argumentList || argumentList.Arguments.Last() != argument
                || argumentList.Parent is not InvocationExpressionSyntax invocation
                || invocation.Parent is not ExpressionStatementSyntax statement
                || semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method
                || !AsyncContext.IsInAsyncCodeOrTopLevel(statement, semanticModel, cancellationToken)
                || !AwaitPlacement.CanAwaitAt(invocation, semanticModel, cancellationToken))
            {
                return FixShape.None;
            }

            var containingType = method.ContainingType?.OriginalDefinition.ToDisplayString();
            if (method.Name == "ForEach" && containingType == "System.Collections.Generic.List<T>"
                && invocation.Expression is MemberAccessExpressionSyntax
                && !ContainsReturn(lambda)
                && !WritesTo(lambda, parameter.Identifier.ValueText)
                && DeclaredNames(lambda).Append(parameter.Identifier.ValueText).All(name => IsFree(semanticModel, statement.SpanStart, name)))
            {
                return FixShape.ForEach;
            }

            if (method.Name == "ForEach" && method.IsStatic && containingType == "System.Threading.Tasks.Parallel"
                && argumentList.Arguments.Count is 2 or 3
                && HasForEachAsync(semanticModel.Compilation, argumentList.Arguments.Count)
                && method.Parameters[0].Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Collections_Generic_IEnumerable_T }
                && (argumentList.Arguments.Count == 2 || method.Parameters[1].Type.Name == "ParallelOptions"))
            {
                return FixShape.ParallelForEachAsync;
            }

            return FixShape.None;
        }

        private static ParameterSyntax? Parameter(AnonymousFunctionExpressionSyntax lambda)
            => lambda switch
            {
                SimpleLambdaExpressionSyntax simple => simple.Parameter,
                ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 1, ReturnType: null } parenthesized => parenthesized.ParameterList.Parameters[0],
                _ => null,
            };

        private static bool WritesTo(AnonymousFunctionExpressionSyntax lambda, string name)
        {
            foreach (var identifier in lambda.Body.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            {
                if (identifier.Identifier.ValueText != name)
                {
                    continue;
                }

                switch (identifier.Parent)
                {
                    case AssignmentExpressionSyntax assignment when assignment.Left == identifier:
                    case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression):
                    case PostfixUnaryExpressionSyntax postfix when postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression):
                    case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None):
                        return true;
                }
            }

            return false;
        }

        /// <summary>Names the lambda body declares: once it is a loop body in the enclosing block, none of them may clash (CS0136).</summary>
        private static System.Collections.Generic.IEnumerable<string> DeclaredNames(AnonymousFunctionExpressionSyntax lambda)
            => lambda.Body.DescendantNodesAndSelf().Select(node => node switch
            {
                VariableDeclaratorSyntax declarator => declarator.Identifier.ValueText,
                SingleVariableDesignationSyntax designation => designation.Identifier.ValueText,
                ForEachStatementSyntax forEach => forEach.Identifier.ValueText,
                CatchDeclarationSyntax catchDeclaration => catchDeclaration.Identifier.ValueText,
                LocalFunctionStatementSyntax localFunction => localFunction.Identifier.ValueText,
                LabeledStatementSyntax label => label.Identifier.ValueText,
                ParameterSyntax nestedParameter => nestedParameter.Identifier.ValueText,
                _ => null,
            }).Where(name => !string.IsNullOrEmpty(name))!;

        private static bool IsFree(SemanticModel semanticModel, int position, string name)
            => !semanticModel.LookupSymbols(position, name: name).Any(s => s is ILocalSymbol or IParameterSymbol or IRangeVariableSymbol)
               && semanticModel.LookupLabels(position, name).IsEmpty;

        private static bool ContainsReturn(AnonymousFunctionExpressionSyntax lambda)
            => lambda.DescendantNodes(n => n == lambda || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                .OfType<ReturnStatementSyntax>().Any();

        private static bool HasForEachAsync(Compilation compilation, int argumentCount)
            => compilation.FindType("System.Threading.Tasks.Parallel")?.GetMembers("ForEachAsync").OfType<IMethodSymbol>()
                .Any(m => m.Parameters.Length == argumentCount && m.Parameters[0].Type.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T) == true;

        /// <summary>A name for the token parameter that neither the enclosing scope nor the lambda itself uses.</summary>
        private static string FreeName(SemanticModel semanticModel, AnonymousFunctionExpressionSyntax lambda, params string[] candidates)
        {
            var taken = new System.Collections.Generic.HashSet<string>(DeclaredNames(lambda).Concat(lambda.Body.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Select(i => i.Identifier.ValueText)));
            bool Free(string name) => !taken.Contains(name) && semanticModel.LookupSymbols(lambda.SpanStart, name: name).IsEmpty;
            foreach (var candidate in candidates)
            {
                if (Free(candidate))
                {
                    return candidate;
                }
            }

            for (var i = 1; ; i++)
            {
                if (Free(candidates[0] + i))
                {
                    return candidates[0] + i;
                }
            }
        }
    }
}
