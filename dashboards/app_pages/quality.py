from dashboards.views.quality import render

render()
