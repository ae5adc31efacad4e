using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncRules.Learn.Running
{
    /// <summary>
    /// Rewrites demo code for a run, never the learner's file: every call that reads or waits on time, or blocks a thread
    /// on a task, goes to <see cref="Runtime.DemoClock"/>, so a run can use a virtual or a scaled clock. Chosen by symbol,
    /// so any spelling of a call is found (<c>Task.Delay</c>, <c>System.Threading.Tasks.Task.Delay</c>, a <c>using static</c>).
    /// </summary>
    internal static class ClockRewriter
    {
        private const string Clock = "global::AsyncRules.Learn.Runtime.DemoClock";
        private const string StopwatchShim = "global::AsyncRules.Learn.Runtime.Stopwatch";

        /// <summary>The nodes of <paramref name="tree"/> to replace, each with how.</summary>
        public static Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>> Plan(SemanticModel model, SyntaxTree tree)
        {
            var plan = new Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>>();
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                switch (node)
                {
                    case InvocationExpressionSyntax invocation:
                        PlanInvocation(model, invocation, plan);
                        break;
                    case MemberAccessExpressionSyntax access when IsMember(model.GetSymbolInfo(access).Symbol, "System.Threading.Tasks.Task`1", "Result")
                                                                || IsMember(model.GetSymbolInfo(access).Symbol, "System.Threading.Tasks.ValueTask`1", "Result"):
                        plan[access] = rewritten => ((MemberAccessExpressionSyntax)rewritten).WithExpression(Ready(((MemberAccessExpressionSyntax)rewritten).Expression));
                        break;
                    case MemberAccessExpressionSyntax access when IsMember(model.GetSymbolInfo(access).Symbol, "System.TimeProvider", "System"):
                        plan[access] = _ => SyntaxFactory.ParseExpression(Clock + ".Time");
                        break;
                    case MemberAccessExpressionSyntax access when model.GetSymbolInfo(access).Symbol is IPropertySymbol { IsStatic: true, Name: "Now" or "UtcNow" } now
                                                                && now.ContainingType.ToDisplayString() is "System.DateTime" or "System.DateTimeOffset":
                        var reading = (now.ContainingType.Name, now.Name) switch
                        {
                            ("DateTime", "Now") => ".Time.GetLocalNow().DateTime",
                            ("DateTime", _) => ".Time.GetUtcNow().UtcDateTime",
                            (_, "Now") => ".Time.GetLocalNow()",
                            _ => ".Time.GetUtcNow()",
                        };
                        plan[access] = _ => SyntaxFactory.ParseExpression("(" + Clock + reading + ")");
                        break;
                    case BaseObjectCreationExpressionSyntax creation:
                        PlanCreation(model, creation, plan);
                        break;
                }

                if (node is NameSyntax or MemberAccessExpressionSyntax && node is not IdentifierNameSyntax { IsVar: true } && IsStopwatchType(model, node) && !IsInsideOuterStopwatchName(model, node))
                {
                    var typeOnly = node is ExpressionSyntax expression && SyntaxFacts.IsInTypeOnlyContext(expression);
                    plan[node] = rewritten => typeOnly
                        ? SyntaxFactory.ParseName(StopwatchShim).WithTriviaFrom(rewritten)
                        : SyntaxFactory.ParseExpression(StopwatchShim).WithTriviaFrom(rewritten);
                }
            }

            return plan;
        }

        public static SyntaxTree Apply(SyntaxTree tree, IReadOnlyDictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>> plan)
        {
            if (plan.Count == 0)
            {
                return tree;
            }

            var root = tree.GetRoot().ReplaceNodes(plan.Keys, (original, rewritten) => plan[original](rewritten).WithTriviaFrom(rewritten));
            return tree.WithRootAndOptions(root, tree.Options);
        }

        private static void PlanInvocation(SemanticModel model, InvocationExpressionSyntax invocation, Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>> plan)
        {
            if (model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol method)
            {
                return;
            }

            var type = (method.ReducedFrom ?? method).ContainingType?.OriginalDefinition;
            var typeName = type?.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted)
                .WithGenericsOptions(SymbolDisplayGenericsOptions.None));
            var takesTimeProvider = method.Parameters.Any(p => p.Type.Name == "TimeProvider");
            switch (typeName, method.Name, method.IsStatic && method.ReducedFrom is null)
            {
                case ("System.Threading.Tasks.Task", "Delay", true) when !takesTimeProvider:
                case ("System.Threading.Thread", "Sleep", true):
                    plan[invocation] = rewritten => StaticCall(method.Name == "Delay" ? "Delay" : "Sleep", (InvocationExpressionSyntax)rewritten);
                    break;
                case ("System.Environment", "Exit", true):
                    plan[invocation] = rewritten => StaticCall("Exit", (InvocationExpressionSyntax)rewritten);
                    break;
                case ("System.Threading.Tasks.Task", "Run", true):
                    plan[invocation] = rewritten => StaticCall("Run", (InvocationExpressionSyntax)rewritten, KeepTypeArguments(invocation));
                    break;
                case ("System.Threading.Tasks.Task", "WaitAll" or "WaitAny", true):
                    plan[invocation] = rewritten => StaticCall(method.Name, (InvocationExpressionSyntax)rewritten);
                    break;
                case ("System.Threading.Tasks.Task", "Wait", false):
                case ("System.Threading.SemaphoreSlim", "Wait", false):
                    if (invocation.Expression is MemberAccessExpressionSyntax)
                    {
                        plan[invocation] = rewritten => ReceiverAsArgument("Wait", (InvocationExpressionSyntax)rewritten);
                    }

                    break;
                case ("System.Threading.Tasks.Task", "WaitAsync", false) when !takesTimeProvider && method.Parameters.FirstOrDefault()?.Type.Name == "TimeSpan":
                    if (invocation.Expression is MemberAccessExpressionSyntax)
                    {
                        plan[invocation] = rewritten => ReceiverAsArgument("WaitAsync", (InvocationExpressionSyntax)rewritten);
                    }

                    break;
                case ("System.Threading.Tasks.TaskAsyncEnumerableExtensions", "ToBlockingEnumerable", _):
                    if (method.ReducedFrom is not null && invocation.Expression is MemberAccessExpressionSyntax)
                    {
                        plan[invocation] = rewritten => ReceiverAsArgument("ToBlockingEnumerable", (InvocationExpressionSyntax)rewritten);
                    }
                    else if (method.ReducedFrom is null)
                    {
                        plan[invocation] = rewritten => StaticCall("ToBlockingEnumerable", (InvocationExpressionSyntax)rewritten);
                    }

                    break;
                case ("System.Runtime.CompilerServices.TaskAwaiter" or "System.Runtime.CompilerServices.ValueTaskAwaiter"
                      or "System.Runtime.CompilerServices.ConfiguredTaskAwaitable.ConfiguredTaskAwaiter"
                      or "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable.ConfiguredValueTaskAwaiter", "GetResult", false):
                    // t.GetAwaiter().GetResult() and t.ConfigureAwait(false).GetAwaiter().GetResult(): wait for t first.
                    if (invocation.Expression is MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "GetAwaiter" } getAwaiter } })
                    {
                        var awaited = getAwaiter.Expression;
                        if (awaited is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "ConfigureAwait" } configure })
                        {
                            awaited = configure.Expression;
                        }

                        if (IsTaskLike(model.GetTypeInfo(awaited).Type) && !plan.ContainsKey(awaited))
                        {
                            plan[awaited] = rewritten => Ready((ExpressionSyntax)rewritten);
                        }
                    }

                    break;
            }
        }

        private static void PlanCreation(SemanticModel model, BaseObjectCreationExpressionSyntax creation, Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>> plan)
        {
            if (model.GetSymbolInfo(creation).Symbol is not IMethodSymbol constructor)
            {
                return;
            }

            var type = constructor.ContainingType.ToDisplayString();
            var parameters = constructor.Parameters.Select(p => p.Type.Name).ToArray();
            if (creation.Initializer is not null)
            {
                return;
            }

            if (type == "System.Threading.CancellationTokenSource" && (parameters.Length == 0 || (parameters.Length == 1 && parameters[0] is "TimeSpan" or "Int32")))
            {
                plan[creation] = rewritten => Call("NewCancellationTokenSource", ((BaseObjectCreationExpressionSyntax)rewritten).ArgumentList ?? SyntaxFactory.ArgumentList());
            }
            else if (type == "System.Threading.PeriodicTimer" && parameters is ["TimeSpan"])
            {
                plan[creation] = rewritten => Call("NewPeriodicTimer", ((BaseObjectCreationExpressionSyntax)rewritten).ArgumentList ?? SyntaxFactory.ArgumentList());
            }
        }

        private static bool IsStopwatchType(SemanticModel model, SyntaxNode node)
            => model.GetSymbolInfo(node).Symbol is INamedTypeSymbol { Name: "Stopwatch" } type
               && type.ContainingNamespace?.ToDisplayString() == "System.Diagnostics";

        /// <summary>In <c>System.Diagnostics.Stopwatch</c> only the whole name is replaced, not its last part.</summary>
        private static bool IsInsideOuterStopwatchName(SemanticModel model, SyntaxNode node)
            => node.Parent switch
            {
                QualifiedNameSyntax qualified when qualified.Right == node => IsStopwatchType(model, qualified),
                AliasQualifiedNameSyntax alias when alias.Name == node => IsStopwatchType(model, alias),
                MemberAccessExpressionSyntax access when access.Name == node => IsStopwatchType(model, access),
                _ => false,
            } || node.Ancestors().Any(a => a is UsingDirectiveSyntax);

        private static bool IsMember(ISymbol? symbol, string typeMetadataName, string name)
        {
            if (symbol is null || symbol.Name != name)
            {
                return false;
            }

            var type = symbol.ContainingType?.OriginalDefinition;
            return type is not null && $"{type.ContainingNamespace.ToDisplayString()}.{type.MetadataName}" == typeMetadataName;
        }

        private static bool IsTaskLike(ITypeSymbol? type)
            => type is INamedTypeSymbol { Name: "Task" or "ValueTask" } named && named.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks";

        private static TypeArgumentListSyntax? KeepTypeArguments(InvocationExpressionSyntax invocation)
            => invocation.Expression switch
            {
                MemberAccessExpressionSyntax { Name: GenericNameSyntax generic } => generic.TypeArgumentList,
                GenericNameSyntax generic => generic.TypeArgumentList,
                _ => null,
            };

        private static ExpressionSyntax Ready(ExpressionSyntax expression)
            => Call("Ready", SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(expression.WithoutTrivia()))))
                .WithTriviaFrom(expression);

        private static InvocationExpressionSyntax StaticCall(string name, InvocationExpressionSyntax rewritten, TypeArgumentListSyntax? typeArguments = null)
            => Call(name, rewritten.ArgumentList, typeArguments);

        private static InvocationExpressionSyntax ReceiverAsArgument(string name, InvocationExpressionSyntax rewritten)
        {
            var receiver = ((MemberAccessExpressionSyntax)rewritten.Expression).Expression.WithoutTrivia();
            var arguments = new[] { SyntaxFactory.Argument(receiver) }.Concat(rewritten.ArgumentList.Arguments);
            var separators = Enumerable.Repeat(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space), rewritten.ArgumentList.Arguments.Count);
            return Call(name, rewritten.ArgumentList.WithArguments(SyntaxFactory.SeparatedList(arguments, separators)));
        }

        private static InvocationExpressionSyntax Call(string name, ArgumentListSyntax arguments, TypeArgumentListSyntax? typeArguments = null)
        {
            SimpleNameSyntax method = typeArguments is null
                ? SyntaxFactory.IdentifierName(name)
                : SyntaxFactory.GenericName(SyntaxFactory.Identifier(name), typeArguments);
            var target = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.ParseExpression(Clock), method);
            return SyntaxFactory.InvocationExpression(target, arguments);
        }
    }
}
