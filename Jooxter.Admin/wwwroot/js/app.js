// Small browser helpers for the console shell.
window.jooxter = {
    getTheme: () => window.localStorage.getItem("jooxter-theme"),
    setTheme: (value) => window.localStorage.setItem("jooxter-theme", value),
};

// Saves bytes sent from the server as a file download.
window.jooxter.downloadFile = async (fileName, streamReference) => {
    const buffer = await streamReference.arrayBuffer();
    const url = URL.createObjectURL(new Blob([buffer], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
};
