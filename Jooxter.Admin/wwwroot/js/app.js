// Small browser helpers for the console shell.
window.jooxter = {
    getTheme: () => window.localStorage.getItem("jooxter-theme"),
    setTheme: (value) => window.localStorage.setItem("jooxter-theme", value),
};
