package sitebuild

import "context"

// prepare writes the generated inputs that Hugo reads from assets/gen/
// (gitignored) before it runs.
func prepare(ctx context.Context, root string) error {
	return nil
}

// finish completes the output for static hosts after Hugo has written it:
// pre-compressed copies of the text assets and the wasm.
func finish(dest string) error {
	return precompress(dest)
}

// watchGenerated regenerates assets/gen/ when its sources change while
// serving; it returns a function that stops watching.
func watchGenerated(ctx context.Context, root string) (stop func()) {
	return func() {}
}
