// dist/first-screen.json before the widget is built, so type checks need no build: its shape is
// server/routes/first-screen.ts's FirstScreen.
declare module '*/dist/first-screen.json' {
  const built: { script: string; scriptHash: string; style: string; styleHash: string };
  export default built;
}
